-- An extension now moves a task book's first-submission deadline or a year's annual report's: existing rows are task
-- books' (subject defaults to 'taskBook', task_book_id kept); the pilot joins the primary key, as in every tenant table.
ALTER TABLE "extension_requests" ADD COLUMN "subject" text DEFAULT 'taskBook' NOT NULL;--> statement-breakpoint
ALTER TABLE "extension_requests" ADD COLUMN "report_year" integer;--> statement-breakpoint
ALTER TABLE "extension_requests" ALTER COLUMN "task_book_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "extension_requests" DROP CONSTRAINT "extension_requests_pkey";--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_pilot_id_id_pk" PRIMARY KEY("pilot_id","id");--> statement-breakpoint
DROP INDEX "extension_requests_open_uq";--> statement-breakpoint
CREATE INDEX "extension_requests_id_idx" ON "extension_requests" USING btree ("id");--> statement-breakpoint
CREATE INDEX "extension_requests_report_idx" ON "extension_requests" USING btree ("pilot_id","report_year");--> statement-breakpoint
CREATE UNIQUE INDEX "extension_requests_open_report_uq" ON "extension_requests" USING btree ("pilot_id","report_year") WHERE status = 'requested' and subject = 'annualReport';--> statement-breakpoint
CREATE UNIQUE INDEX "extension_requests_open_uq" ON "extension_requests" USING btree ("pilot_id","task_book_id") WHERE status = 'requested' and subject = 'taskBook';--> statement-breakpoint
ALTER TABLE "extension_requests" ADD CONSTRAINT "extension_requests_subject_ck" CHECK (("extension_requests"."subject" = 'taskBook' and "extension_requests"."task_book_id" is not null and "extension_requests"."report_year" is null)
        or ("extension_requests"."subject" = 'annualReport' and "extension_requests"."report_year" is not null and "extension_requests"."task_book_id" is null));
