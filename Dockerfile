# One image recipe for every Eventline service. Build after `./mvnw -DskipTests package`:
#   docker build --build-arg MODULE=command-service --build-arg MAIN_CLASS=dev.eventline.command.Application .
FROM eclipse-temurin:17-jre
ARG MODULE
ARG MAIN_CLASS
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY ${MODULE}/target/lib/ lib/
COPY ${MODULE}/target/eventline-${MODULE}.jar app.jar
# The domains built in the tree (domains/<name>), found by ServiceLoader on the classpath.
COPY domains/*/target/eventline-*.jar domains/
# Half the container's memory for the heap: the rest holds RocksDB's state-store budget (128 MiB),
# metaspace and code, thread stacks and network buffers: about 450 MiB at a million aggregates (docs/operations.md).
ENV MAIN_CLASS=${MAIN_CLASS} \
    JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
# Kafka Streams state lives here; mount a volume to keep it across restarts.
VOLUME /var/lib/eventline
ENV EVENTLINE_HOME=/var/lib/eventline
USER 1000
# exec: the JVM is PID 1 and receives SIGTERM for its graceful shutdown.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp 'app.jar:lib/*:domains/*' \"$MAIN_CLASS\""]
