-- The service's tables on PostgreSQL. Times are RFC 3339 text (UTC); money never appears in
-- plain columns: shipment payloads, documents and check reports are AES-256-GCM ciphertexts.

CREATE TABLE tenants (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE tenant_keys (
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    version       BIGINT NOT NULL,
    wrapped       BYTEA NOT NULL,
    master_key_id TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

CREATE TABLE service_keys (
    name          TEXT PRIMARY KEY,
    wrapped       BYTEA NOT NULL,
    master_key_id TEXT NOT NULL,
    public_key    TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE clients (
    id                   TEXT PRIMARY KEY,
    tenant_id            TEXT NOT NULL REFERENCES tenants(id),
    name                 TEXT NOT NULL,
    enterprise_tenant_id TEXT REFERENCES tenants(id),
    created_at           TEXT NOT NULL
);
CREATE INDEX clients_by_tenant ON clients(tenant_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT NOT NULL REFERENCES tenants(id),
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT,
    role          TEXT NOT NULL,
    client_id     TEXT REFERENCES clients(id),
    created_at    TEXT NOT NULL
);

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    user_id     TEXT NOT NULL REFERENCES users(id),
    key_hash    TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

CREATE TABLE shipments (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    client_id      TEXT REFERENCES clients(id),
    reference      TEXT NOT NULL,
    direction      TEXT NOT NULL,
    latest_version BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    archived_at    TEXT,
    created_by     TEXT NOT NULL
);
CREATE INDEX shipments_by_tenant ON shipments(tenant_id, created_at, id);

CREATE TABLE documents (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    shipment_id TEXT NOT NULL REFERENCES shipments(id),
    sealed      BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE shipment_versions (
    shipment_id TEXT NOT NULL REFERENCES shipments(id),
    version     BIGINT NOT NULL,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    sealed      BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    digest      TEXT NOT NULL,
    document_id TEXT REFERENCES documents(id),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (shipment_id, version)
);

CREATE TABLE check_runs (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    shipment_id TEXT NOT NULL REFERENCES shipments(id),
    version     BIGINT NOT NULL,
    sealed      BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    errors      BIGINT NOT NULL,
    warnings    BIGINT NOT NULL,
    infos       BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX check_runs_by_shipment ON check_runs(shipment_id, created_at);

CREATE TABLE idempotency_keys (
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    key            TEXT NOT NULL,
    request_digest TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE TABLE audit_log (
    seq            BIGINT PRIMARY KEY,
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL,
    tenant_id      TEXT NOT NULL,
    action         TEXT NOT NULL,
    object         TEXT NOT NULL,
    payload_digest TEXT NOT NULL,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX audit_by_tenant ON audit_log(tenant_id, seq);

CREATE TABLE audit_checkpoints (
    seq        BIGINT PRIMARY KEY,
    head_hash  TEXT NOT NULL,
    at         TEXT NOT NULL,
    signature  TEXT NOT NULL,
    public_key TEXT NOT NULL
);

-- The log is append-only: the application's role can neither update nor delete nor truncate
-- audit rows (the trigger fires for every role, owners included).
CREATE FUNCTION declarant_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION declarant_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION declarant_audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION declarant_audit_append_only();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION declarant_audit_append_only();
