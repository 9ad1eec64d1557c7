//! The keys a store holds in memory: the master key, the unwrapped data keys of the tenants
//! met so far, and the audit signing key.

use crate::StoreError;
use crate::crypto::{DataKey, MasterKey};
use ed25519_dalek::SigningKey;
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

/// The name of the audit signing key in `service_keys`.
pub(crate) const AUDIT_SIGNING_KEY: &str = "audit-signing";

/// The label under which the audit signing key is wrapped.
pub(crate) const AUDIT_SIGNING_LABEL: &str = "service-key\0audit-signing";

pub(crate) struct KeyRing {
    master: RwLock<MasterKey>,
    data_keys: Mutex<HashMap<String, DataKey>>,
    signing: RwLock<Option<SigningKey>>,
}

fn poisoned() -> StoreError {
    StoreError::Corrupt("a key lock was poisoned by an earlier failure".into())
}

impl KeyRing {
    pub(crate) fn new(master: MasterKey) -> KeyRing {
        KeyRing {
            master: RwLock::new(master),
            data_keys: Mutex::new(HashMap::new()),
            signing: RwLock::new(None),
        }
    }

    pub(crate) fn master(&self) -> Result<MasterKey, StoreError> {
        self.master
            .read()
            .map(|m| m.clone())
            .map_err(|_| poisoned())
    }

    pub(crate) fn set_master(&self, key: MasterKey) -> Result<(), StoreError> {
        *self.master.write().map_err(|_| poisoned())? = key;
        Ok(())
    }

    pub(crate) fn cached(&self, tenant_id: &str) -> Result<Option<DataKey>, StoreError> {
        Ok(self
            .data_keys
            .lock()
            .map_err(|_| poisoned())?
            .get(tenant_id)
            .cloned())
    }

    pub(crate) fn remember(&self, tenant_id: &str, key: DataKey) -> Result<(), StoreError> {
        self.data_keys
            .lock()
            .map_err(|_| poisoned())?
            .insert(tenant_id.to_string(), key);
        Ok(())
    }

    pub(crate) fn signing(&self) -> Result<SigningKey, StoreError> {
        self.signing
            .read()
            .map_err(|_| poisoned())?
            .clone()
            .ok_or_else(|| StoreError::Corrupt("the audit signing key is not loaded".into()))
    }

    pub(crate) fn set_signing(&self, key: SigningKey) -> Result<(), StoreError> {
        *self.signing.write().map_err(|_| poisoned())? = Some(key);
        Ok(())
    }
}
