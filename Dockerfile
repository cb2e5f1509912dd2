# Tolk on the CPU. Usually built and started through docker/compose.yaml (README, "Deploy with docker compose"):
#   docker compose -f docker/compose.yaml up -d --build
# or by hand:
#   docker build -t tolk:cpu . && docker run -p 8080:8080 -v tolk-models:/srv/tolk/models tolk:cpu
# docker/Dockerfile.cuda is the CUDA variant; the two share the build stage and the runtime layout.
# DeploymentFilesTest checks this file against the build, docker/compose.yaml and application.properties.

# --- build: target/tolk.jar ----------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# Dependencies in their own layer: rebuilt when pom.xml changes, not on every source edit.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package

# --- runtime ---------------------------------------------------------------------------------------------------
# Temurin's JRE on Ubuntu: libtorch needs glibc, so no Alpine image. The image ships curl (used by HEALTHCHECK);
# it is installed here only if a later version of the base image drops it.
FROM eclipse-temurin:17-jre AS runtime
RUN command -v curl >/dev/null \
    || { apt-get update \
         && apt-get install -y --no-install-recommends curl \
         && rm -rf /var/lib/apt/lists/*; }

RUN groupadd --gid 10001 tolk \
    && useradd --uid 10001 --gid tolk --home-dir /app --no-create-home --shell /usr/sbin/nologin tolk

# The service reads TOLK_MODELS_DIR and TOLK_DATA_DIR (tolk.models-dir, tolk.data-dir). DJL unpacks native
# libraries into DJL_CACHE_DIR. The heap may take half the container's memory limit: the other half is for
# libtorch, whose tensors (weights, activations, optimizer moments) live outside the Java heap.
# ai.djl.offline: DJL never downloads anything nor calls its telemetry home.
ENV TOLK_MODELS_DIR=/srv/tolk/models \
    TOLK_DATA_DIR=/srv/tolk/data \
    DJL_CACHE_DIR=/app/.djl.ai \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dai.djl.offline=true"

# The jar stays owned by root (the service cannot change its own code); the user owns its cache and the volumes.
# Directories made before VOLUME: a new named volume starts with their content and owner.
RUN mkdir -p /app/.djl.ai /srv/tolk/models /srv/tolk/data \
    && chown -R tolk:tolk /app/.djl.ai /srv/tolk
COPY --from=build /build/target/tolk.jar /app/tolk.jar

USER tolk
# Loads the engine once now, which unpacks PyTorch's native library (about 430 MB) from the jar into
# DJL_CACHE_DIR: a container then starts with no network and no unpacking.
RUN java -jar /app/tolk.jar --version

# Relative paths resolve on the volumes too: the train command's default --out is models/<src>-<tgt>-<time>.
WORKDIR /srv/tolk
VOLUME ["/srv/tolk/models", "/srv/tolk/data"]
EXPOSE 8080
# Ready once the PyTorch engine has loaded (503 before); start-period covers the engine's start.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/readiness || exit 1
# No arguments (or "serve") starts the service; any other command runs instead: train, translate, --version, ...
ENTRYPOINT ["java", "-jar", "/app/tolk.jar"]
