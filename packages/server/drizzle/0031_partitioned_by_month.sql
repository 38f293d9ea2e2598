-- Custom: the time-ordered tables (metering, personal-information reads, webhook deliveries, the audit log) are
-- partitioned by month of their time (docs/scale-out.md), so retention drops a month's partition instead of deleting
-- rows one by one. A partitioned table's primary key and unique indexes must hold the partition column, so each gains
-- it. Each table is rebuilt: its rows go to the DEFAULT partition here, and the server moves them into their months
-- (db/partitions.ts) when it migrates, before it serves.
ALTER TABLE "platform_usage" RENAME TO "platform_usage_unpartitioned";--> statement-breakpoint
CREATE TABLE "platform_usage" (LIKE "platform_usage_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "platform_usage_default" PARTITION OF "platform_usage" DEFAULT;--> statement-breakpoint
INSERT INTO "platform_usage" SELECT * FROM "platform_usage_unpartitioned";--> statement-breakpoint
DROP TABLE "platform_usage_unpartitioned";--> statement-breakpoint
ALTER TABLE "platform_usage" ADD CONSTRAINT "platform_usage_pilot_id_id_at_pk" PRIMARY KEY("pilot_id","id","at");--> statement-breakpoint
CREATE INDEX "platform_usage_resource_idx" ON "platform_usage" USING btree ("pilot_id","resource_id","at");--> statement-breakpoint
ALTER TABLE "personal_data_reads" RENAME TO "personal_data_reads_unpartitioned";--> statement-breakpoint
CREATE TABLE "personal_data_reads" (LIKE "personal_data_reads_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "personal_data_reads_default" PARTITION OF "personal_data_reads" DEFAULT;--> statement-breakpoint
INSERT INTO "personal_data_reads" SELECT * FROM "personal_data_reads_unpartitioned";--> statement-breakpoint
DROP TABLE "personal_data_reads_unpartitioned";--> statement-breakpoint
ALTER TABLE "personal_data_reads" ADD CONSTRAINT "personal_data_reads_pilot_id_id_at_pk" PRIMARY KEY("pilot_id","id","at");--> statement-breakpoint
CREATE INDEX "personal_data_reads_resource_idx" ON "personal_data_reads" USING btree ("pilot_id","resource_id","at");--> statement-breakpoint
ALTER TABLE "platform_deliveries" RENAME TO "platform_deliveries_unpartitioned";--> statement-breakpoint
CREATE TABLE "platform_deliveries" (LIKE "platform_deliveries_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("created_at");--> statement-breakpoint
CREATE TABLE "platform_deliveries_default" PARTITION OF "platform_deliveries" DEFAULT;--> statement-breakpoint
INSERT INTO "platform_deliveries" SELECT * FROM "platform_deliveries_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "platform_deliveries_seq_seq" OWNED BY "platform_deliveries"."seq";--> statement-breakpoint
DROP TABLE "platform_deliveries_unpartitioned";--> statement-breakpoint
ALTER TABLE "platform_deliveries" ADD CONSTRAINT "platform_deliveries_pilot_id_id_created_at_pk" PRIMARY KEY("pilot_id","id","created_at");--> statement-breakpoint
CREATE INDEX "platform_deliveries_queue_idx" ON "platform_deliveries" USING btree ("pilot_id","subscription_id","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "platform_deliveries_history_idx" ON "platform_deliveries" USING btree ("pilot_id","subscription_id","created_at");--> statement-breakpoint
ALTER TABLE "audit_log" RENAME TO "audit_log_unpartitioned";--> statement-breakpoint
CREATE TABLE "audit_log" (LIKE "audit_log_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("at");--> statement-breakpoint
CREATE TABLE "audit_log_default" PARTITION OF "audit_log" DEFAULT;--> statement-breakpoint
INSERT INTO "audit_log" SELECT * FROM "audit_log_unpartitioned";--> statement-breakpoint
ALTER SEQUENCE "audit_log_seq_seq" OWNED BY "audit_log"."seq";--> statement-breakpoint
DROP TABLE "audit_log_unpartitioned";--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_chain_seq_at_pk" PRIMARY KEY("chain","seq","at");--> statement-breakpoint
CREATE INDEX "audit_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_target_idx" ON "audit_log" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_org_idx" ON "audit_log" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_uq" ON "audit_log" USING btree ("chain","chain_seq","at");--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
