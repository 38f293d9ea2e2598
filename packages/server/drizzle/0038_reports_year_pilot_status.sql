-- A year's reports with their pilot and state in the index: the dashboards join a year's reports to every pilot for
-- their states, which on (year) alone read one heap page per report. Made before the old one goes.
CREATE INDEX "annual_reports_year_pilot_status_idx" ON "annual_reports" USING btree ("year","pilot_id","status");--> statement-breakpoint
DROP INDEX "annual_reports_year_idx";
