DROP INDEX "pilots_supervisor_idx";--> statement-breakpoint
DROP INDEX "pilots_province_idx";--> statement-breakpoint
CREATE INDEX "pilots_kind_idx" ON "pilots" USING btree ("kind","batch_id","seq");--> statement-breakpoint
CREATE INDEX "pilots_status_idx" ON "pilots" USING btree ("status","batch_id","seq");--> statement-breakpoint
CREATE INDEX "pilots_name_idx" ON "pilots" USING btree ("published_name");--> statement-breakpoint
CREATE INDEX "pilots_supervisor_idx" ON "pilots" USING btree ("supervisor_org_id","batch_id","seq");--> statement-breakpoint
CREATE INDEX "pilots_province_idx" ON "pilots" USING btree ("province_code","batch_id","seq");