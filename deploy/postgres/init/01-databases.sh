#!/usr/bin/env bash
# Run by the postgres image on its first start (empty data volume) only; `docker compose down -v` starts over.
# Each service gets a database and two roles: <service>_migrator owns the database and its schema (the service's
# Flyway migrations run as it), and <service> may only read and write rows. Nobody else may connect to the database.
# Passwords come from the environment (defaults in docker-compose.yml). psql variables quote them safely.
set -e

create_service_database() {
  local role="$1" database="$2" password="$3" migration_password="$4"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       -v role="$role" -v owner="${role}_migrator" -v database="$database" \
       -v password="$password" -v owner_password="$migration_password" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"role";
\connect :"database"
ALTER SCHEMA public OWNER TO :"owner";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"role";
SQL
}

create_service_database order_service        orders        "${ORDER_SERVICE_DB_PASSWORD:-order_service}" \
  "${ORDER_SERVICE_DB_MIGRATION_PASSWORD:-order_service_migrator}"
create_service_database inventory_service    inventory     "${INVENTORY_SERVICE_DB_PASSWORD:-inventory_service}" \
  "${INVENTORY_SERVICE_DB_MIGRATION_PASSWORD:-inventory_service_migrator}"
create_service_database notification_service notifications "${NOTIFICATION_SERVICE_DB_PASSWORD:-notification_service}" \
  "${NOTIFICATION_SERVICE_DB_MIGRATION_PASSWORD:-notification_service_migrator}"
