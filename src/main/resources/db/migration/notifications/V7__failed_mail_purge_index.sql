-- Failed messages are now deleted (or, when a module counts them, lose their address) a period after their last
-- attempt, as sent and withdrawn ones are; the purge finds them by this index rather than by reading the outbox.
create index outbox_failed_at on outbox (last_attempt) where status = 'FAILED';
