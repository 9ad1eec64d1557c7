-- The agency workflow in the service (issue 6): agent-certificate orders as an append-only
-- event log, qualification parties (every version kept), shipment-history uploads for the
-- scorecard, webhook subscriptions and their delivery outbox. Business data is sealed
-- (AES-256-GCM under the tenant's data key); identifiers needed for keys stay in clear.

CREATE TABLE agency_orders (
    tenant_id      TEXT NOT NULL REFERENCES tenants(id),
    application_no TEXT NOT NULL,
    client_id      TEXT REFERENCES clients(id),
    sealed         BYTEA NOT NULL,
    key_version    BIGINT NOT NULL,
    event_count    BIGINT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, application_no)
);

CREATE TABLE agency_order_events (
    tenant_id      TEXT NOT NULL,
    application_no TEXT NOT NULL,
    seq            BIGINT NOT NULL,
    sealed         BYTEA NOT NULL,
    key_version    BIGINT NOT NULL,
    recorded_at    TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, application_no, seq),
    FOREIGN KEY (tenant_id, application_no) REFERENCES agency_orders(tenant_id, application_no)
);

CREATE TABLE agency_parties (
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    party_id    TEXT NOT NULL,
    version     BIGINT NOT NULL,
    sealed      BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, party_id, version)
);

CREATE TABLE agency_history_imports (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    records     BIGINT NOT NULL,
    sealed      BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX agency_history_by_tenant ON agency_history_imports(tenant_id, created_at);

CREATE TABLE webhook_subscriptions (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    sealed      BYTEA NOT NULL,
    key_version BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    deleted_at  TEXT
);
CREATE INDEX webhook_subscriptions_by_tenant ON webhook_subscriptions(tenant_id);

-- One row per (subscription, reminder key): a reminder is enqueued once, ever.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    tenant_id       TEXT NOT NULL REFERENCES tenants(id),
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions(id),
    reminder_key    TEXT NOT NULL,
    sealed          BYTEA NOT NULL,
    key_version     BIGINT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    delivered_at    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (subscription_id, reminder_key)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_tenant ON webhook_deliveries(tenant_id, created_at);
