package dev.eventline.devstack.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** A stand-in service for supervision tests: answers {@code /health} with 200 on {@code MICRONAUT_SERVER_PORT}, as the real ones do. */
public final class HealthOnlyService implements HttpHandler {

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost", Integer.parseInt(System.getenv("MICRONAUT_SERVER_PORT"))), 16);
        server.createContext("/health", new HealthOnlyService());
        server.start();
    }

    /** This class as a service's packaged jar at {@code jar}, with an empty {@code lib} beside it, as the build lays them out. */
    static Path packaged(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HealthOnlyService.class.getName());
        String entry = HealthOnlyService.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream bytes = HealthOnlyService.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            bytes.transferTo(jarOut);
            jarOut.closeEntry();
        }
        Files.createDirectories(jar.resolveSibling("lib"));
        return jar;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }
}
