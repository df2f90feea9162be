#!/usr/bin/env bash
# Run by the postgres image on its first start (empty data volume) only; `docker compose down -v` starts over.
# One database and one role per service; each role owns its database and nobody else may connect to it.
# Passwords come from the environment (defaults in docker-compose.yml). psql variables quote them safely.
set -e

create_service_database() {
  local role="$1" database="$2" password="$3"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       -v role="$role" -v database="$database" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT ALL ON DATABASE :"database" TO :"role";
SQL
}

create_service_database order_service        orders        "${ORDER_SERVICE_DB_PASSWORD:-order_service}"
create_service_database inventory_service    inventory     "${INVENTORY_SERVICE_DB_PASSWORD:-inventory_service}"
create_service_database notification_service notifications "${NOTIFICATION_SERVICE_DB_PASSWORD:-notification_service}"
