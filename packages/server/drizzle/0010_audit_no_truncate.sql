-- TRUNCATE fires no row trigger: refuse it with a statement trigger, so the log cannot be emptied at once either.
-- (A superuser can still drop triggers; signed checkpoints of the chain's head are what would detect that.)
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
