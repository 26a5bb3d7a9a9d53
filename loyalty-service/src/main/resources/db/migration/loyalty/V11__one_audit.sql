-- One audit: staff_audit now records every change staff or keys make to members and the program (member.adjust,
-- member.update, member.merge, member.erase, member.unlink, member.export, voucher.issue, member.redeem,
-- program.change, points.batch, voucher.batch), written by the stores in the transaction of the change. audit_log
-- (V2) held some of the same with only the caller's own word for who did it and no key; its rows move here so the
-- history stays in one place, as entries of no staff member by key 'before-v11', and the table goes.
INSERT INTO staff_audit (id, at, actor_staff_id, actor_key_id, action, target, before, after)
SELECT gen_random_uuid(), at, NULL, 'before-v11',
       CASE action WHEN 'points.adjust' THEN 'member.adjust' ELSE action END,
       CASE WHEN member_id IS NULL THEN 'members' ELSE 'member:' || member_id END,
       NULL, detail || jsonb_build_object('actor', actor)
FROM audit_log ORDER BY id;
DROP TABLE audit_log;

-- A member's own audit entries, for the console's member page (GET /api/v1/staff/audit?target=member:<id>).
CREATE INDEX staff_audit_target ON staff_audit (target, at DESC, seq DESC);
