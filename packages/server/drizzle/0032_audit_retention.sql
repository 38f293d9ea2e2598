CREATE TABLE "audit_retention" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"format" text NOT NULL,
	"month" varchar(6) NOT NULL,
	"cut" jsonb NOT NULL,
	"entries" bigint NOT NULL,
	"dropped_at" timestamp (3) with time zone NOT NULL,
	"signer_org_id" uuid NOT NULL,
	"signer_key_no" integer NOT NULL,
	"signature" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_retention" ADD CONSTRAINT "audit_retention_signer_org_id_organisations_id_fk" FOREIGN KEY ("signer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- custom: append-only like the log and its checkpoints
CREATE TRIGGER audit_retention_append_only BEFORE UPDATE OR DELETE ON audit_retention
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_retention_no_truncate BEFORE TRUNCATE ON audit_retention
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
