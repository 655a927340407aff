# One Dockerfile for every service of the suite; the build argument MODULE names it, PORT is its HTTP port.
# Build the jar first (./mvnw -DskipTests package), then, from the repository root (the context holds only the jars
# and jvm/, see .dockerignore):
#   docker build --build-arg MODULE=gateway --build-arg PORT=8080 -t suite/gateway .
# docker/build-images.sh builds all five (with their ports) over a JRE image made from Debian packages (air-gapped).
ARG JRE_IMAGE=eclipse-temurin:25-jre

# Stage 1: split the Spring Boot jar into layers (dependencies change rarely, the application often).
# No --launcher: the classpath layout (app.jar + lib/) is what class data sharing and the AOT cache need.
FROM ${JRE_IMAGE} AS layers
ARG MODULE
RUN test -n "${MODULE}" || { echo "MODULE is not set: docker build --build-arg MODULE=<module> (e.g. order-service)" >&2; exit 1; }
WORKDIR /layers
COPY ${MODULE}/target/${MODULE}-*.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

# Stage 2: the runtime image.
FROM ${JRE_IMAGE}
ARG MODULE
ARG PORT
# Ports the module listens on besides PORT (documentation, as EXPOSE is): consensus-service 9701 (Raft),
# registry-service 8600/udp 8600/tcp (DNS).
ARG EXTRA_PORTS=""
RUN test -n "${PORT}" || { echo "PORT is not set: docker build --build-arg PORT=<the module's HTTP port>" >&2; exit 1; }
LABEL dev.suite.module="${MODULE}"
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./

# JVM options, fixed at build time for the runtime's Java version in /app/jvm.args: the ones ./suite uses
# (jvm/options.sh) with the heap as a share of the container's memory limit, and the class data archive of a
# training run (Java 25's AOT cache, else a dynamic CDS archive; without it the service starts, only slower).
# At most 2 glibc malloc arenas (the default, 8 per CPU, keeps tens of MB of freed native memory resident).
ENV MALLOC_ARENA_MAX=2
COPY jvm/ /tmp/jvm/
RUN sh /tmp/jvm/image-args.sh "${MODULE}" && rm -rf /tmp/jvm

# A user without privileges; the application files stay owned by root (read-only for it), /data is its own
# (mount a volume there: H2 files, Raft logs).
RUN (useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin suite 2>/dev/null || adduser -S -u 10001 suite 2>/dev/null || true) \
 && mkdir -p /data && chown 10001:10001 /data
USER 10001

# REGISTRY_DNS_BIND_ADDRESS is read by registry-service only: in a container its DNS answers on every interface,
# because other containers query it (the local default is 127.0.0.1).
ENV SUITE_DATA_DIR=/data SERVER_PORT=${PORT} REGISTRY_DNS_BIND_ADDRESS=0.0.0.0 JAVA_OPTS=""
EXPOSE ${PORT} ${EXTRA_PORTS}
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=6 \
  CMD sh -c 'u=http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness; curl -fsS -o /dev/null "$u" 2>/dev/null || wget -q -O /dev/null "$u"'
# exec: java is PID 1 and receives SIGTERM for a graceful shutdown (deregistration). JAVA_OPTS adds options (the
# later of two flags wins).
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.args $JAVA_OPTS -jar /app/app.jar \"$@\"", "--"]
