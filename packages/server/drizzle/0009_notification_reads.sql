CREATE TABLE "notification_reads" (
	"organisation_id" uuid NOT NULL,
	"notification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notification_reads_organisation_id_notification_id_user_id_pk" PRIMARY KEY("organisation_id","notification_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "public"."notifications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- what an organisation had read stays read for each of its members (who read it was never recorded)
INSERT INTO "notification_reads" ("organisation_id", "notification_id", "user_id", "read_at")
  SELECT n."organisation_id", n."id", u."id", n."read_at" FROM "notifications" n JOIN "users" u ON u."organisation_id" = n."organisation_id"
  WHERE n."read_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications" DROP COLUMN "read_at";