# syntax=docker/dockerfile:1
#
# One image recipe for every Orderflow service. docker-compose.yml builds it once per service:
#   build: { context: ., dockerfile: deploy/service.Dockerfile, args: { SERVICE: order-service, SERVICE_PORT: "8081" } }
# By hand: docker build -f deploy/service.Dockerfile --build-arg SERVICE=inventory-service --build-arg SERVICE_PORT=8082 .
# The build context is the repository root (the Maven reactor needs the root pom and every module's pom);
# .dockerignore keeps build output, local-run data and .git out of it.

FROM maven:3.9-eclipse-temurin-25 AS build
ARG SERVICE
WORKDIR /workspace
COPY . .
# ~/.m2 is a BuildKit cache: dependencies are downloaded once, not on every source change.
# Tests are not run (nor compiled) here: they run in the normal build (`mvn verify`).
RUN --mount=type=cache,target=/root/.m2 \
    : "${SERVICE:?build argument SERVICE is required, e.g. --build-arg SERVICE=order-service}" \
    && test -f "${SERVICE}/pom.xml" \
    && mvn -B -q -ntp -pl "${SERVICE}" -am -Dmaven.test.skip=true package \
    && java -Djarmode=tools -jar "${SERVICE}/target/${SERVICE}.jar" extract --layers --destination /layers

FROM eclipse-temurin:25-jre
ARG SERVICE
ARG SERVICE_PORT=8080
# curl serves the health check (HEALTHCHECK below and the compose file's healthcheck)
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 orderflow \
    && useradd --system --uid 10001 --gid orderflow --home-dir /app --no-create-home --shell /usr/sbin/nologin orderflow \
    && mkdir -p /app/aot && chown orderflow:orderflow /app/aot
WORKDIR /app
# Spring Boot layers, least to most often changing, so a code change rebuilds only the last layers
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
LABEL org.opencontainers.image.title="orderflow-${SERVICE}"
ENV SERVER_PORT=${SERVICE_PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE ${SERVICE_PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=6 \
    CMD curl -fsS -o /dev/null "http://localhost:${SERVER_PORT}/actuator/health" || exit 1
# The JDK AOT cache (JEP 483/514), as Spring Boot documents it, with the training run being the container's first
# run: the context needs PostgreSQL and Kafka, which a docker build does not have. The first run records what it
# loads and writes /app/aot/application.aot when it stops gracefully; every later start of the container maps it.
# exec: the JVM is PID 1 and gets SIGTERM (graceful shutdown); the JVM itself reads JAVA_TOOL_OPTIONS
STOPSIGNAL SIGTERM
ENTRYPOINT ["sh", "-c", "if [ -s aot/application.aot ]; then exec java -XX:AOTCache=aot/application.aot -jar application.jar; else exec java -XX:AOTCacheOutput=aot/application.aot -jar application.jar; fi"]
