-- Workers claim transactional messages before marketing ones (a one-time code must not wait behind a campaign):
-- each claim reads the due messages of one channel and purpose in order.
DROP INDEX message_due;
CREATE INDEX message_due ON message (channel, purpose, not_before, id) WHERE state = 'QUEUED';
