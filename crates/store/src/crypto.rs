//! Encryption at rest: a master key wraps one data key per tenant (and the audit signing
//! key); records are sealed with AES-256-GCM under their tenant's data key, with a fresh
//! random 96-bit nonce each and the record's identity as associated data, so a ciphertext
//! copied onto another row or tenant does not open.

use crate::StoreError;
use aes_gcm::aead::Aead;
use aes_gcm::aead::Payload;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use sha2::{Digest, Sha256};

/// Length of every symmetric key, in bytes.
pub const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

/// The key that wraps every data key. It lives outside the database: in a key file or an
/// environment variable that the shell reads and passes in.
#[derive(Clone)]
pub struct MasterKey([u8; KEY_BYTES]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.id())
    }
}

impl MasterKey {
    /// A master key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> MasterKey {
        MasterKey(bytes)
    }

    /// A fresh random master key.
    pub fn generate() -> Result<MasterKey, StoreError> {
        Ok(MasterKey(random_key()?))
    }

    /// Parses the text form: 64 hexadecimal digits (surrounding white space ignored).
    pub fn parse_hex(text: &str) -> Result<MasterKey, StoreError> {
        let bytes = from_hex(text.trim()).ok_or(StoreError::BadMasterKey)?;
        let array: [u8; KEY_BYTES] = bytes.try_into().map_err(|_| StoreError::BadMasterKey)?;
        Ok(MasterKey(array))
    }

    /// The text form: 64 hexadecimal digits.
    pub fn to_hex(&self) -> String {
        to_hex(&self.0)
    }

    /// A short public name of the key (not secret: a hash of it), stored beside what it wraps
    /// so that opening a database with the wrong key says so instead of failing to decrypt.
    pub fn id(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"declarant master key id\0")
            .chain_update(self.0)
            .finalize();
        to_hex(&digest[..8])
    }

    /// Wraps a data key; `label` names what it is for (associated data).
    pub(crate) fn wrap(&self, label: &str, key: &[u8; KEY_BYTES]) -> Result<Vec<u8>, StoreError> {
        seal_with(&self.0, label.as_bytes(), key)
    }

    /// Unwraps a data key wrapped under the same `label`.
    pub(crate) fn unwrap_key(
        &self,
        label: &str,
        wrapped: &[u8],
    ) -> Result<[u8; KEY_BYTES], StoreError> {
        let bytes = open_with(&self.0, label.as_bytes(), wrapped)?;
        bytes
            .try_into()
            .map_err(|_| StoreError::Corrupt(format!("wrapped key `{label}` has the wrong length")))
    }
}

/// One tenant's data key, unwrapped (held in memory only).
#[derive(Clone)]
pub(crate) struct DataKey {
    pub(crate) version: i64,
    key: [u8; KEY_BYTES],
}

impl DataKey {
    pub(crate) fn new(version: i64, key: [u8; KEY_BYTES]) -> DataKey {
        DataKey { version, key }
    }

    /// Seals `plaintext`; `context` identifies the record (tenant, table, row).
    pub(crate) fn seal(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
        seal_with(&self.key, context.as_bytes(), plaintext)
    }

    /// Opens what [`DataKey::seal`] sealed under the same `context`.
    pub(crate) fn open(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
        open_with(&self.key, context.as_bytes(), sealed)
    }
}

/// The label under which a tenant's data key is wrapped.
pub(crate) fn tenant_key_label(tenant_id: &str, version: i64) -> String {
    format!("tenant-data-key\0{tenant_id}\0{version}")
}

/// 32 random bytes from the operating system.
pub(crate) fn random_key() -> Result<[u8; KEY_BYTES], StoreError> {
    let mut key = [0u8; KEY_BYTES];
    getrandom::fill(&mut key).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(key)
}

/// A random identifier: `prefix_` and 26 lowercase hex digits (104 bits).
pub(crate) fn random_id(prefix: &str) -> Result<String, StoreError> {
    let mut bytes = [0u8; 13];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Random(e.to_string()))?;
    Ok(format!("{prefix}_{}", to_hex(&bytes)))
}

fn seal_with(key: &[u8; KEY_BYTES], aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| StoreError::Crypto)?;
    let mut nonce_bytes = [0u8; NONCE_BYTES];
    getrandom::fill(&mut nonce_bytes).map_err(|e| StoreError::Random(e.to_string()))?;
    let nonce = Nonce::from(nonce_bytes);
    let ciphertext = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| StoreError::Crypto)?;
    let mut sealed = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
    sealed.extend_from_slice(&nonce_bytes);
    sealed.extend_from_slice(&ciphertext);
    Ok(sealed)
}

fn open_with(key: &[u8; KEY_BYTES], aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
    if sealed.len() < NONCE_BYTES {
        return Err(StoreError::Crypto);
    }
    let (nonce_bytes, ciphertext) = sealed.split_at(NONCE_BYTES);
    let nonce_array: [u8; NONCE_BYTES] = nonce_bytes.try_into().map_err(|_| StoreError::Crypto)?;
    let cipher = Aes256Gcm::new_from_slice(key).map_err(|_| StoreError::Crypto)?;
    cipher
        .decrypt(
            &Nonce::from(nonce_array),
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map_err(|_| StoreError::Crypto)
}

/// SHA-256 of `bytes`, as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// Lowercase hexadecimal.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Parses hexadecimal (either case); `None` for odd lengths or other characters.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let digit = |c: u8| -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sealed_records_open_only_in_their_context() {
        let key = DataKey::new(1, [7u8; KEY_BYTES]);
        let sealed = key.seal("t1\0shipment\0s1", b"lithium").unwrap();
        assert_eq!(key.open("t1\0shipment\0s1", &sealed).unwrap(), b"lithium");
        assert!(key.open("t2\0shipment\0s1", &sealed).is_err());
        let other = DataKey::new(1, [8u8; KEY_BYTES]);
        assert!(other.open("t1\0shipment\0s1", &sealed).is_err());
    }

    #[test]
    fn master_keys_wrap_and_name_themselves() {
        let master = MasterKey::from_bytes([1u8; KEY_BYTES]);
        let wrapped = master.wrap("label", &[9u8; KEY_BYTES]).unwrap();
        assert_eq!(
            master.unwrap_key("label", &wrapped).unwrap(),
            [9u8; KEY_BYTES]
        );
        assert!(master.unwrap_key("other", &wrapped).is_err());
        let parsed = MasterKey::parse_hex(&master.to_hex()).unwrap();
        assert_eq!(parsed.id(), master.id());
        assert!(MasterKey::parse_hex("abc").is_err());
        assert!(!format!("{master:?}").contains(&master.to_hex()));
    }

    proptest! {
        #[test]
        fn hex_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            prop_assert_eq!(from_hex(&to_hex(&bytes)), Some(bytes));
        }

        #[test]
        fn seal_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let key = DataKey::new(1, [3u8; KEY_BYTES]);
            let sealed = key.seal("ctx", &bytes).unwrap();
            prop_assert_eq!(key.open("ctx", &sealed).unwrap(), bytes);
        }
    }
}
