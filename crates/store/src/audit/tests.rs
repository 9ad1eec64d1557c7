//! Unit tests of the chain arithmetic: every kind of tampering names its first bad entry.

use super::*;

fn key() -> SigningKey {
    SigningKey::from_bytes(&[5u8; 32])
}

fn chain(count: i64) -> Vec<AuditEntry> {
    let mut entries = Vec::new();
    let mut previous = GENESIS_HASH.to_string();
    for seq in 1..=count {
        let mut entry = AuditEntry {
            seq,
            at: format!("2026-01-01T00:00:{:02}Z", seq % 60),
            actor: "user:u1".into(),
            tenant_id: "tnt_a".into(),
            action: "shipment.create".into(),
            object: format!("shipment/s{seq}"),
            payload_digest: crate::crypto::sha256_hex(seq.to_string().as_bytes()),
            prev_hash: previous.clone(),
            hash: String::new(),
        };
        entry.hash = entry.recomputed_hash();
        previous = entry.hash.clone();
        entries.push(entry);
    }
    entries
}

fn checkpoints(entries: &[AuditEntry], every: usize) -> Vec<Checkpoint> {
    entries
        .iter()
        .filter(|e| (e.seq as usize).is_multiple_of(every))
        .map(|e| sign_checkpoint(&key(), e.seq, &e.hash, &e.at))
        .collect()
}

fn verdict(entries: &[AuditEntry], checkpoints: &[Checkpoint]) -> Option<(i64, Tamper)> {
    verify_chain(entries, checkpoints, &key().verifying_key()).first_bad
}

#[test]
fn tampering_names_the_first_bad_entry() {
    let intact = chain(10);
    let marks = checkpoints(&intact, 4);
    type Edit = fn(&mut Vec<AuditEntry>);
    type Case = (&'static str, Edit, Option<(i64, Tamper)>);
    let cases: Vec<Case> = vec![
        ("intact", |_| {}, None),
        (
            "edited actor",
            |e| e[4].actor = "user:mallory".into(),
            Some((5, Tamper::Altered)),
        ),
        (
            "deleted row",
            |e| {
                e.remove(2);
            },
            Some((3, Tamper::Missing)),
        ),
        (
            "inserted row",
            |e| {
                let mut forged = e[2].clone();
                forged.object = "shipment/forged".into();
                forged.hash = forged.recomputed_hash();
                e.insert(3, forged);
                for (index, entry) in e.iter_mut().enumerate() {
                    entry.seq = index as i64 + 1;
                }
            },
            Some((4, Tamper::Altered)),
        ),
        (
            "reordered rows",
            |e| {
                e.swap(5, 6);
                e[5].seq = 6;
                e[6].seq = 7;
            },
            Some((6, Tamper::Altered)),
        ),
        (
            "rewritten from row 6 with hashes recomputed",
            |e| {
                e[5].action = "shipment.delete".into();
                for index in 5..e.len() {
                    e[index].prev_hash = e[index - 1].hash.clone();
                    e[index].hash = e[index].recomputed_hash();
                }
            },
            Some((5, Tamper::CheckpointMismatch)),
        ),
        (
            "tail cut off below a checkpoint",
            |e| e.truncate(7),
            Some((8, Tamper::Missing)),
        ),
        (
            "duplicated row",
            |e| {
                let copy = e[1].clone();
                e.insert(2, copy);
            },
            Some((2, Tamper::OutOfOrder)),
        ),
    ];
    for (name, edit, expected) in cases {
        let mut entries = intact.clone();
        edit(&mut entries);
        assert_eq!(verdict(&entries, &marks), expected, "{name}");
    }
}

#[test]
fn forged_checkpoints_are_refused() {
    let entries = chain(8);
    let mut marks = checkpoints(&entries, 4);
    marks[1].head_hash = entries[6].hash.clone();
    assert_eq!(verdict(&entries, &marks), Some((8, Tamper::BadSignature)));
    let stranger = SigningKey::from_bytes(&[6u8; 32]);
    let foreign = vec![sign_checkpoint(
        &stranger,
        4,
        &entries[3].hash,
        &entries[3].at,
    )];
    assert_eq!(verdict(&entries, &foreign), Some((4, Tamper::BadSignature)));
}

#[test]
fn verdicts_read_in_both_languages() {
    let entries = chain(3);
    let intact = verify_chain(&entries, &[], &key().verifying_key());
    assert!(intact.intact());
    assert_eq!(
        intact.describe().en,
        "audit log intact: 3 entries and 0 signed checkpoints verified"
    );
    let mut edited = entries.clone();
    edited[1].object = "x".into();
    let broken = verify_chain(&edited, &[], &key().verifying_key());
    assert_eq!(
        broken.describe().en,
        "audit log tampered: entry 2 was edited or moved"
    );
    assert!(broken.describe().zh.contains("第 2 条"));
}
