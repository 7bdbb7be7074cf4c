package io.harmony.client;

/** Runs one heartbeat command; the return value is the result's detail ("done"), a throw makes it "failed". */
@FunctionalInterface
public interface CommandHandler {
    String handle(Command command) throws Exception;
}
