CREATE TABLE "api_keys" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" varchar(16) NOT NULL,
	"token_hash" varchar(64) NOT NULL,
	"resource_ids" jsonb NOT NULL,
	"expires_on" date NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "personal_data_reads" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"resource_id" uuid NOT NULL,
	"sharing_request_id" uuid,
	"purpose" text NOT NULL,
	"fields" jsonb NOT NULL,
	"rows" integer NOT NULL,
	CONSTRAINT "personal_data_reads_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "platform_load_rows" (
	"pilot_id" uuid NOT NULL,
	"load_id" uuid NOT NULL,
	"key" text NOT NULL,
	"line" integer NOT NULL,
	"doc" jsonb NOT NULL,
	CONSTRAINT "platform_load_rows_pilot_id_load_id_key_pk" PRIMARY KEY("pilot_id","load_id","key")
);
--> statement-breakpoint
CREATE TABLE "platform_loads" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"format" text NOT NULL,
	"encoding" text,
	"mode" text NOT NULL,
	"policy" text NOT NULL,
	"file_name" text,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"added" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"digest" varchar(64),
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"loaded_by" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "platform_loads_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "platform_records" (
	"pilot_id" uuid NOT NULL,
	"resource_id" uuid NOT NULL,
	"key" text NOT NULL,
	"doc" jsonb NOT NULL,
	"load_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_records_pilot_id_resource_id_key_pk" PRIMARY KEY("pilot_id","resource_id","key")
);
--> statement-breakpoint
CREATE TABLE "platform_resources" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"classification" varchar(12) NOT NULL,
	"seq" integer NOT NULL,
	"code" varchar(80) NOT NULL,
	"name" text NOT NULL,
	"summary" text NOT NULL,
	"themes" jsonb NOT NULL,
	"fields" jsonb NOT NULL,
	"format" text NOT NULL,
	"update_cycle" text NOT NULL,
	"sharing_class" text NOT NULL,
	"condition" text,
	"legal_basis" text,
	"sharing_method" text NOT NULL,
	"open_data" boolean DEFAULT false NOT NULL,
	"indicator_codes" jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"release_date" date,
	"last_load_at" timestamp with time zone,
	"row_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_resources_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "platform_usage" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"resource_id" uuid NOT NULL,
	"operation" text NOT NULL,
	"rows" integer NOT NULL,
	"bytes" integer NOT NULL,
	"status" integer NOT NULL,
	"latency_ms" double precision NOT NULL,
	CONSTRAINT "platform_usage_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
CREATE TABLE "sharing_requests" (
	"pilot_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"consumer_org_id" uuid NOT NULL,
	"provider_org_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"purpose" text NOT NULL,
	"fields" jsonb NOT NULL,
	"until" date NOT NULL,
	"due_on" date NOT NULL,
	"granted_fields" jsonb,
	"row_filter" jsonb,
	"expires_on" date,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"requested_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sharing_requests_pilot_id_id_pk" PRIMARY KEY("pilot_id","id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_loads" ADD CONSTRAINT "platform_loads_loaded_by_users_id_fk" FOREIGN KEY ("loaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_resources" ADD CONSTRAINT "platform_resources_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_resources" ADD CONSTRAINT "platform_resources_provider_org_id_organisations_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_consumer_org_id_organisations_id_fk" FOREIGN KEY ("consumer_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_provider_org_id_organisations_id_fk" FOREIGN KEY ("provider_org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sharing_requests" ADD CONSTRAINT "sharing_requests_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_token_uq" ON "api_keys" USING btree ("pilot_id","token_hash");--> statement-breakpoint
CREATE INDEX "api_keys_token_idx" ON "api_keys" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("pilot_id","organisation_id");--> statement-breakpoint
CREATE INDEX "personal_data_reads_resource_idx" ON "personal_data_reads" USING btree ("pilot_id","resource_id","at");--> statement-breakpoint
CREATE INDEX "platform_loads_resource_idx" ON "platform_loads" USING btree ("pilot_id","resource_id","started_at");--> statement-breakpoint
CREATE INDEX "platform_resources_id_idx" ON "platform_resources" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_resources_code_uq" ON "platform_resources" USING btree ("pilot_id","code");--> statement-breakpoint
CREATE INDEX "platform_resources_provider_idx" ON "platform_resources" USING btree ("pilot_id","provider_org_id");--> statement-breakpoint
CREATE INDEX "platform_usage_resource_idx" ON "platform_usage" USING btree ("pilot_id","resource_id","at");--> statement-breakpoint
CREATE INDEX "sharing_requests_id_idx" ON "sharing_requests" USING btree ("id");--> statement-breakpoint
CREATE INDEX "sharing_requests_consumer_idx" ON "sharing_requests" USING btree ("pilot_id","consumer_org_id","resource_id");--> statement-breakpoint
CREATE INDEX "sharing_requests_provider_idx" ON "sharing_requests" USING btree ("pilot_id","provider_org_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "sharing_requests_open_uq" ON "sharing_requests" USING btree ("pilot_id","resource_id","consumer_org_id") WHERE status = 'requested';