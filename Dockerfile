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
    && cp target/pollux-*.jar /tmp/pollux.jar
# Spring Boot's layers (dependencies, spring-boot-loader, snapshot-dependencies, application),
# each copied as its own image layer below, so a code change rebuilds only the last one. Without
# --launcher the application is a plain pollux.jar whose manifest lists lib/*.jar: the JDK's own
# class loader reads them, which starts faster than the nested jar and lets CDS archive them.
RUN java -Djarmode=tools -jar /tmp/pollux.jar extract --layers --destination /extracted

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
# The JVM options every way of running Pollux shares (see jvm.options), then a file for local
# additions, which override them: empty here, the Helm chart mounts its jvmOptions value over it.
COPY jvm.options /app/jvm.options
RUN printf '# JVM options added after /app/jvm.options, which they override: mount your own file here.\n' > /app/jvm-extra.options
COPY docker/application.yml /app/config/application.yml
# Class data sharing: a training start that stops once the application context is refreshed
# (before any port is bound) records the ~10,000 classes it loaded, parsed and verified, into
# /app/pollux.jsa; every container then maps them instead of loading them again (about half the
# CPU of a start). The archive belongs to this JRE and these jars, so it is built here, in the
# runtime stage. The training run's generated certificate goes to a directory deleted at once:
# no key stays in the image.
RUN java @/app/jvm.options -XX:ArchiveClassesAtExit=/app/pollux.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
        -Dspring.context.exit=onRefresh -jar /app/pollux.jar \
        --pollux.tls.certificate-directory=/tmp/cds-training --logging.level.root=WARN \
    && rm -rf /tmp/cds-training /tmp/pollux-welcome-* \
    && test -s /app/pollux.jsa
USER 10001:10001

# Gemini, and the management port (health, info, Prometheus metrics).
EXPOSE 1965 9090
# Capsule content (mount capsules here and point pollux.capsules[N].root at them) and the
# generated certificates, which must outlive the container.
VOLUME ["/srv/gemini", "/var/lib/pollux/certs"]

ENV SPRING_CONFIG_ADDITIONAL_LOCATION="optional:file:/config/"

# bash's /dev/tcp instead of curl, which newer Temurin images no longer ship; bash cannot leave
# an Ubuntu-based image. Healthy when the liveness group answers 200.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9090 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# With nothing mounted, serves the built-in welcome capsule for "localhost".
# Arguments are Pollux's (Jetforce-style) options: docker run pollux --hostname example.org --dir /srv/gemini
# JVM options: /app/jvm.options, the class data sharing archive, then /app/jvm-extra.options
# (mount a file there to override any of them).
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:SharedArchiveFile=/app/pollux.jsa", "@/app/jvm-extra.options", "-jar", "/app/pollux.jar"]
