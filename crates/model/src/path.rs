//! JSON paths built lazily: a chain of segments rendered only when an error needs it.

use std::fmt;

/// A place in a JSON document, as a chain of borrowed segments (`declaration.lines[0].amount`).
#[derive(Clone, Copy)]
pub enum JsonPath<'a> {
    /// The document itself.
    Root,
    /// A field of an object.
    Field(&'a JsonPath<'a>, &'a str),
    /// An element of an array (0-based).
    Index(&'a JsonPath<'a>, usize),
}

impl<'a> JsonPath<'a> {
    /// The path of field `name` below this one.
    pub fn field(&'a self, name: &'a str) -> JsonPath<'a> {
        JsonPath::Field(self, name)
    }

    /// The path of element `index` below this one.
    pub fn index(&'a self, index: usize) -> JsonPath<'a> {
        JsonPath::Index(self, index)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonPath::Root => Ok(()),
            JsonPath::Field(parent, name) => {
                if matches!(parent, JsonPath::Root) {
                    write!(f, "{name}")
                } else {
                    write!(f, "{parent}.{name}")
                }
            }
            JsonPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_the_contract() {
        let root = JsonPath::Root;
        let declaration = root.field("declaration");
        let lines = declaration.field("lines");
        let first = lines.index(0);
        assert_eq!(
            first.field("amount").to_string(),
            "declaration.lines[0].amount"
        );
        assert_eq!(root.to_string(), "");
    }
}
