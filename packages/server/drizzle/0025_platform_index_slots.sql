ALTER TABLE "platform_records" ADD COLUMN "n1" numeric;--> statement-breakpoint
ALTER TABLE "platform_records" ADD COLUMN "n2" numeric;--> statement-breakpoint
ALTER TABLE "platform_records" ADD COLUMN "t1" text;--> statement-breakpoint
ALTER TABLE "platform_records" ADD COLUMN "t2" text;--> statement-breakpoint
CREATE INDEX "platform_records_n1_idx" ON "platform_records" USING btree ("pilot_id","resource_id","n1","key") WHERE n1 is not null;--> statement-breakpoint
CREATE INDEX "platform_records_n2_idx" ON "platform_records" USING btree ("pilot_id","resource_id","n2","key") WHERE n2 is not null;--> statement-breakpoint
CREATE INDEX "platform_records_t1_idx" ON "platform_records" USING btree ("pilot_id","resource_id","t1","key") WHERE t1 is not null;--> statement-breakpoint
CREATE INDEX "platform_records_t2_idx" ON "platform_records" USING btree ("pilot_id","resource_id","t2","key") WHERE t2 is not null;