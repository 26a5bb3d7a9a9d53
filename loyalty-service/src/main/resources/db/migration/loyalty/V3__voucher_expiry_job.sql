-- Vouchers past their validity are marked EXPIRED by a job of their own.
INSERT INTO job_run (name) VALUES ('expire-vouchers') ON CONFLICT DO NOTHING;
