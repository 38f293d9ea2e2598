-- A year's reports with their ids in the index as well: the dashboards' overdue list shows each report's id, which on
-- (year, pilot_id, status) alone still read one heap page per report. Made before the old one goes.
CREATE INDEX "annual_reports_year_pilot_status_id_idx" ON "annual_reports" USING btree ("year","pilot_id","status","id");--> statement-breakpoint
DROP INDEX "annual_reports_year_pilot_status_idx";
