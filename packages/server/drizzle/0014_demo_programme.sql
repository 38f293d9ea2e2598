CREATE TABLE "demo_programme" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"seeded_on" date NOT NULL,
	"refreshed_on" date NOT NULL,
	"call_id" uuid,
	"summary" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "demo_programme" ADD CONSTRAINT "demo_programme_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- custom: one row only
ALTER TABLE "demo_programme" ADD CONSTRAINT "demo_programme_one_row" CHECK ("id" = 1);
