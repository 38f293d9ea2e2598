-- Keys get numbers (history for rotation); every existing key is its organisation's first, and signed what exists.
ALTER TABLE "organisation_keys" ADD COLUMN "key_no" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "organisation_keys" ALTER COLUMN "key_no" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "organisation_keys" DROP CONSTRAINT "organisation_keys_pkey";--> statement-breakpoint
ALTER TABLE "organisation_keys" ADD CONSTRAINT "organisation_keys_organisation_id_key_no_pk" PRIMARY KEY("organisation_id","key_no");--> statement-breakpoint
ALTER TABLE "organisation_keys" ADD COLUMN "retired_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "organisation_keys" ADD COLUMN "rotation_signature" text;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "signer_key_no" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ALTER COLUMN "signer_key_no" DROP DEFAULT;--> statement-breakpoint
-- Signatures made so far used the '|'-joined layout: they stay verifiable as the legacy format; new ones say theirs.
ALTER TABLE "signatures" ADD COLUMN "format" text NOT NULL DEFAULT 'smartcity-signature/1';--> statement-breakpoint
ALTER TABLE "signatures" ALTER COLUMN "format" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "signatures" ADD COLUMN "key_no" integer NOT NULL DEFAULT 1;--> statement-breakpoint
ALTER TABLE "signatures" ALTER COLUMN "key_no" DROP DEFAULT;--> statement-breakpoint
-- A signature, once made, is never changed or removed by the application (as the audit log).
CREATE OR REPLACE FUNCTION refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER signatures_append_only BEFORE UPDATE OR DELETE ON signatures
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
--> statement-breakpoint
CREATE TRIGGER signatures_no_truncate BEFORE TRUNCATE ON signatures
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
