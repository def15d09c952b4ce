package dev.eventline.devstack.services;

import java.io.IOException;
import java.net.InetSocketAddress;

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

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }
}
