//! The tamper-evident audit log: each entry's hash covers its fields and the previous entry's
//! hash, so editing, deleting, inserting or reordering a row breaks the chain at that row;
//! Ed25519-signed checkpoints pin the head at intervals, so a chain rewritten from some row
//! onwards (hashes recomputed) or cut short still fails against the last checkpoint.
//!
//! Everything here is pure: rows in, verdict out. The stores read the rows.

use crate::crypto::to_hex;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use model::Text;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How many entries between two automatic signed checkpoints.
pub const CHECKPOINT_INTERVAL: i64 = 64;

/// One row of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// Position in the log, from 1, without gaps.
    pub seq: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who: `user:…`, `api-key:…`, `system:…`.
    pub actor: String,
    /// The tenant whose data changed (empty for the service itself).
    pub tenant_id: String,
    /// What was done (`shipment.create`).
    pub action: String,
    /// What it was done to (`shipment/shp_…`).
    pub object: String,
    /// SHA-256 of the payload written, hex.
    pub payload_digest: String,
    /// The previous entry's hash ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// A signed statement that the log had `seq` entries ending in `head_hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Checkpoint {
    /// The last entry covered.
    pub seq: i64,
    /// That entry's hash.
    pub head_hash: String,
    /// When it was signed.
    pub at: String,
    /// Ed25519 signature of [`checkpoint_message`], hex.
    pub signature: String,
    /// The signer's public key, hex.
    pub public_key: String,
}

/// The hash of an entry: SHA-256 over a version tag and every field, each length-prefixed so
/// that no two different entries share an encoding.
#[expect(clippy::too_many_arguments, reason = "the fields of one audit entry")]
pub fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    tenant_id: &str,
    action: &str,
    object: &str,
    payload_digest: &str,
    prev_hash: &str,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"declarant-audit-v1");
    hasher.update(seq.to_be_bytes());
    for field in [
        at,
        actor,
        tenant_id,
        action,
        object,
        payload_digest,
        prev_hash,
    ] {
        hasher.update((field.len() as u64).to_be_bytes());
        hasher.update(field.as_bytes());
    }
    to_hex(&hasher.finalize())
}

impl AuditEntry {
    /// The hash this entry should carry, recomputed from its fields.
    pub fn recomputed_hash(&self) -> String {
        entry_hash(
            self.seq,
            &self.at,
            &self.actor,
            &self.tenant_id,
            &self.action,
            &self.object,
            &self.payload_digest,
            &self.prev_hash,
        )
    }
}

/// The text a checkpoint signs.
pub fn checkpoint_message(seq: i64, head_hash: &str, at: &str) -> String {
    format!("declarant audit checkpoint v1\nsize {seq}\nhead {head_hash}\nat {at}\n")
}

/// Signs a checkpoint of the head (`seq`, `head_hash`).
pub fn sign_checkpoint(key: &SigningKey, seq: i64, head_hash: &str, at: &str) -> Checkpoint {
    let signature = key.sign(checkpoint_message(seq, head_hash, at).as_bytes());
    Checkpoint {
        seq,
        head_hash: head_hash.to_string(),
        at: at.to_string(),
        signature: to_hex(&signature.to_bytes()),
        public_key: to_hex(key.verifying_key().as_bytes()),
    }
}

/// What is wrong at the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tamper {
    /// The entry's fields no longer give its hash: edited, or moved to another place.
    Altered,
    /// The entry does not follow the one before it: an entry was inserted, removed or
    /// rewritten before it.
    BrokenLink,
    /// The entry is missing: the sequence jumps over it.
    Missing,
    /// The entry appears out of order or twice.
    OutOfOrder,
    /// A signed checkpoint names a head that the log no longer has (the chain was rewritten
    /// or cut short after the previous checkpoint).
    CheckpointMismatch,
    /// A checkpoint's signature does not verify under the service's key.
    BadSignature,
}

/// The verdict of [`verify_chain`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerification {
    /// Entries read.
    pub entries: i64,
    /// Checkpoints read.
    pub checkpoints: i64,
    /// `None` when the log is intact; else the first bad entry's `seq` and what is wrong.
    pub first_bad: Option<(i64, Tamper)>,
}

impl AuditVerification {
    /// Whether the chain and every checkpoint verified.
    pub fn intact(&self) -> bool {
        self.first_bad.is_none()
    }

    /// The verdict for people.
    pub fn describe(&self) -> Text {
        let Some((seq, tamper)) = &self.first_bad else {
            return Text::new(
                format!(
                    "审计日志完整：{} 条记录，{} 个签名检查点均已验证",
                    self.entries, self.checkpoints
                ),
                format!(
                    "audit log intact: {} entries and {} signed checkpoints verified",
                    self.entries, self.checkpoints
                ),
            );
        };
        let (zh, en) = match tamper {
            Tamper::Altered => ("内容被修改或移动", "was edited or moved"),
            Tamper::BrokenLink => (
                "与前一条记录的哈希链断开（之前有记录被插入、删除或改写）",
                "does not chain to the entry before it (an entry was inserted, deleted or rewritten)",
            ),
            Tamper::Missing => ("缺失（已被删除）", "is missing (deleted)"),
            Tamper::OutOfOrder => ("顺序错乱或重复", "is out of order or duplicated"),
            Tamper::CheckpointMismatch => (
                "与签名检查点不符（日志在上一个检查点之后被改写或截断）",
                "disagrees with a signed checkpoint (the log was rewritten or cut short after the previous checkpoint)",
            ),
            Tamper::BadSignature => (
                "的签名检查点无法验证",
                "has a checkpoint whose signature does not verify",
            ),
        };
        Text::new(
            format!("审计日志被篡改：第 {seq} 条记录{zh}"),
            format!("audit log tampered: entry {seq} {en}"),
        )
    }
}

/// Recomputes the chain of `entries` (in the order read, which should be by `seq`) and checks
/// every checkpoint against it and against `public_key`. Names the first bad entry.
pub fn verify_chain(
    entries: &[AuditEntry],
    checkpoints: &[Checkpoint],
    public_key: &VerifyingKey,
) -> AuditVerification {
    let mut problems: Vec<(i64, Tamper)> = Vec::new();
    let mut previous_hash = GENESIS_HASH.to_string();
    for (expected_seq, entry) in (1i64..).zip(entries) {
        if entry.seq > expected_seq {
            problems.push((expected_seq, Tamper::Missing));
            break;
        }
        if entry.seq < expected_seq {
            problems.push((entry.seq, Tamper::OutOfOrder));
            break;
        }
        if entry.recomputed_hash() != entry.hash {
            problems.push((entry.seq, Tamper::Altered));
            break;
        }
        if entry.prev_hash != previous_hash {
            problems.push((entry.seq, Tamper::BrokenLink));
            break;
        }
        previous_hash.clone_from(&entry.hash);
    }
    let public_hex = to_hex(public_key.as_bytes());
    let mut previous_checkpoint = 0i64;
    let chain_break = problems.first().map(|(seq, _)| *seq);
    for checkpoint in checkpoints {
        if chain_break.is_some_and(|seq| checkpoint.seq >= seq) {
            // The chain itself already names an earlier first bad entry.
            break;
        }
        let signed =
            signature_verifies(checkpoint, public_key) && checkpoint.public_key == public_hex;
        if !signed {
            problems.push((checkpoint.seq, Tamper::BadSignature));
            break;
        }
        let head = entries
            .binary_search_by_key(&checkpoint.seq, |entry| entry.seq)
            .ok()
            .and_then(|index| entries.get(index));
        match head {
            Some(entry) if entry.seq == checkpoint.seq && entry.hash == checkpoint.head_hash => {}
            Some(_) => {
                // The chain holds together but not with what was signed: it was rewritten
                // somewhere after the previous checkpoint.
                problems.push((previous_checkpoint + 1, Tamper::CheckpointMismatch));
                break;
            }
            None => {
                // The signed head is gone: deleted, or the tail of the log was cut off.
                let last = entries.last().map_or(0, |entry| entry.seq);
                problems.push(((last + 1).min(checkpoint.seq), Tamper::Missing));
                break;
            }
        }
        previous_checkpoint = checkpoint.seq;
    }
    let first_bad = problems.into_iter().min_by_key(|(seq, _)| *seq);
    AuditVerification {
        entries: entries.len() as i64,
        checkpoints: checkpoints.len() as i64,
        first_bad,
    }
}

fn signature_verifies(checkpoint: &Checkpoint, public_key: &VerifyingKey) -> bool {
    let Some(bytes) = crate::crypto::from_hex(&checkpoint.signature) else {
        return false;
    };
    let Ok(array) = <[u8; 64]>::try_from(bytes.as_slice()) else {
        return false;
    };
    let signature = Signature::from_bytes(&array);
    let message = checkpoint_message(checkpoint.seq, &checkpoint.head_hash, &checkpoint.at);
    public_key.verify(message.as_bytes(), &signature).is_ok()
}

#[cfg(test)]
mod tests;
