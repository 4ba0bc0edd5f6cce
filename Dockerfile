# syntax=docker/dockerfile:1
#
# Pollux, the Gemini server, built from source. See "Docker" in README.md.
#
#   docker build -t pollux:0.1.0-SNAPSHOT .   # the Helm chart's default tag (its appVersion)
#   docker run -p 1965:1965 -v pollux-certs:/var/lib/pollux/certs pollux:0.1.0-SNAPSHOT
#
# The runtime is a Java 17 JRE: the jar targets Java 17, and the tests run on 17.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# The Maven wrapper and the POM first, so the dependency download is cached until pom.xml changes.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -Dmaven.test.skip=true \
    && cp target/pollux-*.jar /tmp/app.jar
# Spring Boot's layers (dependencies, spring-boot-loader, snapshot-dependencies, application),
# each copied as its own image layer below, so a code change rebuilds only the last one.
RUN java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
# OCI image labels; docker build --build-arg VERSION=... --build-arg REVISION=$(git rev-parse HEAD)
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
LABEL org.opencontainers.image.title="Pollux" \
      org.opencontainers.image.description="A Gemini-protocol server" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="MIT"
# A numeric user, so Kubernetes' runAsNonRoot can verify it is not root.
ARG UID=10001
RUN groupadd --system --gid ${UID} pollux \
    && useradd --system --uid ${UID} --gid ${UID} --home-dir /app --no-create-home --shell /usr/sbin/nologin pollux \
    && mkdir -p /app/config /config /srv/gemini /var/lib/pollux/certs \
    && chown ${UID}:${UID} /srv/gemini /var/lib/pollux/certs
WORKDIR /app
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
COPY docker/application.yml /app/config/application.yml
USER 10001:10001

# Gemini, and the management port (health, info, Prometheus metrics).
EXPOSE 1965 9090
# Capsule content (mount capsules here and point pollux.capsules[N].root at them) and the
# generated certificates, which must outlive the container.
VOLUME ["/srv/gemini", "/var/lib/pollux/certs"]

# The heap follows the container's memory limit; fail fast rather than limp on after an OOM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SPRING_CONFIG_ADDITIONAL_LOCATION="optional:file:/config/"

# bash's /dev/tcp instead of curl, which newer Temurin images no longer ship; bash cannot leave
# an Ubuntu-based image. Healthy when the liveness group answers 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9090 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# With nothing mounted, serves the built-in welcome capsule for "localhost".
# Arguments are Pollux's (Jetforce-style) options: docker run pollux --hostname example.org --dir /srv/gemini
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
