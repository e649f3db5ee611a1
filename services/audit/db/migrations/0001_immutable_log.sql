-- The audit log is append-only in the database itself, not only in the service's code.
-- Roles belong to the whole cluster while grants belong to this database: several databases on one
-- server (replicas starting together, test runs) may create the role at the same moment.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mint_audit_writer') THEN
		CREATE ROLE mint_audit_writer NOLOGIN;
	END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
	NULL;
END $$;
--> statement-breakpoint
-- The service works under this role: it may add rows and read them, nothing else.
REVOKE ALL ON TABLE "audit_log" FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON TABLE "audit_log" FROM mint_audit_writer;
--> statement-breakpoint
GRANT SELECT, INSERT ON TABLE "audit_log" TO mint_audit_writer;
--> statement-breakpoint
-- Even the table's owner (and a superuser, unless it disables the triggers) cannot rewrite history.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
