-- Who a session or an API key stands for is cached in each app process (plugins/access.ts): every change to what that
-- answer is made of tells them. The database says it, not the code paths that write, so no writer can forget:
-- a NOTIFY to every listening instance at commit, and a transaction-local flag the writer's own instance reads
-- before it commits (audit/audit.ts), so its next request never meets the old answer.
CREATE OR REPLACE FUNCTION auth_changed() RETURNS trigger AS $$
BEGIN
  PERFORM set_config('sc.auth_changed', '1', true);
  PERFORM pg_notify('sc_auth_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- a new user or organisation has no session yet; a session's touch (last_seen_at, expires_at) is not a revocation
CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
--> statement-breakpoint
CREATE TRIGGER organisations_auth_changed AFTER UPDATE OR DELETE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
--> statement-breakpoint
-- a pilot names its government: a new one gives that government's users their pilot
CREATE TRIGGER pilots_auth_changed AFTER INSERT OR UPDATE OF organisation_id OR DELETE ON pilots
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_auth_changed AFTER UPDATE OF revoked_at OR DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
--> statement-breakpoint
-- last_used_at is metering, not a change of what the key may do
CREATE TRIGGER api_keys_auth_changed AFTER UPDATE OF revoked_at, expires_on, resource_ids, organisation_id OR DELETE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION auth_changed();
