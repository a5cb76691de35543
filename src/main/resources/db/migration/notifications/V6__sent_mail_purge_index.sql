-- The sent-mail purge finds messages sent, or withdrawn, before the retention period by these indexes rather than by
-- reading the whole outbox: with a ballot's 200,000 messages in it, that read took the disk for seconds every time
-- the purge ran (first 25 minutes after start), slowing whatever else read from disk then, such as a ballot's results.
create index outbox_sent_at on outbox (sent_at) where status = 'SENT';

create index outbox_withdrawn_at on outbox (last_attempt) where status = 'WITHDRAWN';
