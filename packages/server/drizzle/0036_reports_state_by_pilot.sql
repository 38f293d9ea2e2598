CREATE INDEX "annual_reports_status_pilot_idx" ON "annual_reports" USING btree ("status","pilot_id");--> statement-breakpoint
DROP INDEX "annual_reports_status_idx";