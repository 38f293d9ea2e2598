-- The audit log is distributable by chain (docs/scale-out.md): the chain leads its primary key. `seq` stays unique by
-- its sequence, and keeps an index for the whole log's order.
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_pkey";--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_chain_seq_pk" PRIMARY KEY("chain","seq");--> statement-breakpoint
CREATE INDEX "audit_seq_idx" ON "audit_log" USING btree ("seq");
