-- One chain per acting organisation: the entries so far are the single legacy chain 'programme', numbered as before.
ALTER TABLE "audit_log" ADD COLUMN "chain" text NOT NULL DEFAULT 'programme';--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "chain" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" DISABLE TRIGGER audit_log_append_only;--> statement-breakpoint
UPDATE "audit_log" SET "chain_seq" = "seq";--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE TRIGGER audit_log_append_only;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "chain_seq" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_uq" ON "audit_log" USING btree ("chain","chain_seq");--> statement-breakpoint
-- The order of all entries comes from a sequence now (no lock to take): it may skip numbers, chain_seq does not.
CREATE SEQUENCE "audit_log_seq_seq" OWNED BY "audit_log"."seq";--> statement-breakpoint
SELECT setval('audit_log_seq_seq', coalesce((SELECT max("seq") FROM "audit_log"), 0) + 1, false);--> statement-breakpoint
-- Checkpoints so far signed the one chain's head; new ones sign every chain's head.
ALTER TABLE "audit_checkpoints" ADD COLUMN "format" text NOT NULL DEFAULT 'auditCheckpoint/1';--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ALTER COLUMN "format" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "audit_checkpoints" ADD COLUMN "heads" jsonb;
