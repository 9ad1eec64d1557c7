//! The master key's file: 64 hex digits, created on first start with mode 0600. The shell
//! decides where it comes from (`DECLARANT_MASTER_KEY`, `--master-key-file`); this module only
//! reads and writes the file it is given.

use std::io::Write;
use std::path::Path;
use store::MasterKey;

/// Why the master key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file could not be read or written.
    #[error("master key file `{path}`: {reason}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The file or variable does not hold a key.
    #[error("master key from {source_name}: {reason}")]
    Malformed {
        /// Where it came from.
        source_name: String,
        /// Why.
        reason: String,
    },
}

/// Parses a key given as text (the environment variable's value).
pub fn parse_key(text: &str, source_name: &str) -> Result<MasterKey, KeyFileError> {
    MasterKey::parse_hex(text).map_err(|e| KeyFileError::Malformed {
        source_name: source_name.to_string(),
        reason: e.to_string(),
    })
}

/// Reads the key file.
pub fn read_key_file(path: &Path) -> Result<MasterKey, KeyFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| KeyFileError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    parse_key(&text, &path.display().to_string())
}

/// Reads the key file, or creates it with a fresh key (mode 0600) when it does not exist.
/// Answers the key and whether it was created.
pub fn load_or_create(path: &Path) -> Result<(MasterKey, bool), KeyFileError> {
    if path.exists() {
        return read_key_file(path).map(|key| (key, false));
    }
    let key = MasterKey::generate().map_err(|e| KeyFileError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    write_key_file(path, &key)?;
    Ok((key, true))
}

/// Writes `key` to a new file at `path` (mode 0600, fsynced); refuses to overwrite.
pub fn write_key_file(path: &Path, key: &MasterKey) -> Result<(), KeyFileError> {
    let io_error = |e: std::io::Error| KeyFileError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(io_error)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io_error)?;
    file.write_all(format!("{}\n", key.to_hex()).as_bytes())
        .map_err(io_error)?;
    file.sync_all().map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_private_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/master.key");
        let (created, fresh) = load_or_create(&path).unwrap();
        assert!(fresh);
        let (read, fresh_again) = load_or_create(&path).unwrap();
        assert!(!fresh_again);
        assert_eq!(created.id(), read.id());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(write_key_file(&path, &created).is_err(), "never overwrites");
        std::fs::write(&path, "not a key").unwrap();
        assert!(matches!(
            read_key_file(&path),
            Err(KeyFileError::Malformed { .. })
        ));
    }
}
