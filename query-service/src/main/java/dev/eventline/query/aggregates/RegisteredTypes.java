package dev.eventline.query.aggregates;

import dev.eventline.domain.Domains;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The aggregate types of every domain on the classpath: the generic routes serve exactly these. */
@Factory
public class RegisteredTypes {

    @Singleton
    Domains domains() {
        return Domains.discover();
    }
}
