-- A sale of the past, imported as history: kept for KPIs, tiers and analytics, it earned no points (and has no
-- lot, no ledger entry, no voucher use). Existing purchases were all live.
ALTER TABLE purchase ADD COLUMN history boolean NOT NULL DEFAULT false;

-- GET /api/v1/purchases pages newest first by (occurred_at, id), for the whole chain or one store; a member's
-- purchases use purchase_member (member_id, occurred_at).
CREATE INDEX purchase_listing ON purchase (occurred_at, id);
CREATE INDEX purchase_store_listing ON purchase (store, occurred_at, id);

-- GET /api/v1/members without an identifier pages active members newest first by (created_at, id).
CREATE INDEX member_listing ON member (created_at, id) WHERE status = 'ACTIVE';
