CREATE INDEX "annual_reports_year_idx" ON "annual_reports" USING btree ("year");--> statement-breakpoint
CREATE INDEX "annual_reports_status_idx" ON "annual_reports" USING btree ("status");