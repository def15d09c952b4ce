package dev.eventline.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The aggregate types of every domain on the classpath, by name. */
public final class Domains {

    private final Map<String, AggregateType<?, ?, ?>> types = new LinkedHashMap<>();

    public Domains(List<? extends DomainModule> modules) {
        for (DomainModule module : modules) {
            for (AggregateType<?, ?, ?> type : module.aggregateTypes()) {
                if (types.putIfAbsent(type.name(), type) != null) {
                    throw new IllegalStateException("two domains define aggregate type '" + type.name() + "'");
                }
            }
        }
    }

    /** Every {@link DomainModule} that {@link ServiceLoader} finds. */
    public static Domains discover() {
        return new Domains(ServiceLoader.load(DomainModule.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public Optional<AggregateType<?, ?, ?>> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** The registered names, sorted. */
    public List<String> names() {
        return types.keySet().stream().sorted().toList();
    }

    public Collection<AggregateType<?, ?, ?>> all() {
        return types.values();
    }
}
