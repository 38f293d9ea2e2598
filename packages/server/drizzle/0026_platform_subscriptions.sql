CREATE TABLE "platform_deliveries" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"seq" bigserial NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"last_status" integer,
	"last_error" text,
	"latency_ms" double precision,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "platform_deliveries_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "platform_events" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"keys" jsonb NOT NULL,
	"key_count" integer NOT NULL,
	"digest" varchar(64) NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "platform_events_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "platform_subscriptions" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"url" text NOT NULL,
	"secret" varchar(64) NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_subscriptions_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
ALTER TABLE "platform_subscriptions" ADD CONSTRAINT "platform_subscriptions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "platform_deliveries_queue_idx" ON "platform_deliveries" USING btree ("pilot_id","subscription_id","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "platform_deliveries_history_idx" ON "platform_deliveries" USING btree ("pilot_id","subscription_id","created_at");--> statement-breakpoint
CREATE INDEX "platform_subscriptions_resource_idx" ON "platform_subscriptions" USING btree ("pilot_id","resource_id");