//! The store's error type and its policy: which errors are the caller's (not found,
//! conflict, retention) and which are faults (database, corrupt data).

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such object for this tenant (objects of other tenants are "not found" too).
    #[error("not found: {0}")]
    NotFound(String),
    /// The write lost a race or names a stale version (`If-Match`).
    #[error("conflict: {0}")]
    Conflict(String),
    /// An `Idempotency-Key` was reused with a different request.
    #[error("idempotency key `{0}` was already used for a different request")]
    IdempotencyMismatch(String),
    /// An archived shipment is kept until `until` (5 years after archiving).
    #[error("shipment `{id}` is archived and must be kept until {until}")]
    Retention {
        /// The shipment.
        id: String,
        /// The first moment it may be deleted (RFC 3339).
        until: String,
    },
    /// A value the caller gave is not acceptable.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// The master key is not 64 hexadecimal digits.
    #[error("the master key must be 64 hexadecimal digits (32 bytes)")]
    BadMasterKey,
    /// The database was set up with another master key.
    #[error(
        "this database's keys are wrapped by master key `{stored}`, not by the key given (`{given}`)"
    )]
    WrongMasterKey {
        /// The id of the key the database knows.
        stored: String,
        /// The id of the key given.
        given: String,
    },
    /// A ciphertext failed to open (wrong key, or the row was altered).
    #[error("decryption failed: wrong key or altered ciphertext")]
    Crypto,
    /// The operating system's random source failed.
    #[error("random source failed: {0}")]
    Random(String),
    /// Stored data is not what the store wrote.
    #[error("corrupt data: {0}")]
    Corrupt(String),
    /// The database refused or failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration failed.
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The database could not be opened or reached.
    #[error("cannot open the database `{url}`: {reason}")]
    Connect {
        /// The URL or path (without password).
        url: String,
        /// Why.
        reason: String,
    },
}

impl StoreError {
    /// Whether the error is the caller's (a 4xx), not a fault of the service (a 5xx).
    pub fn is_client_error(&self) -> bool {
        matches!(
            self,
            StoreError::NotFound(_)
                | StoreError::Conflict(_)
                | StoreError::IdempotencyMismatch(_)
                | StoreError::Retention { .. }
                | StoreError::Invalid(_)
        )
    }
}
