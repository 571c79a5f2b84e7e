package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML document's parser events, all read first, then replayed to snakeyaml's {@code Composer},
 * so that the composer's {@link Resolver} can be built on another thread meanwhile: its class
 * initialization (ten regular expressions, the tag classes, which load {@code java.sql} through the
 * module image) is otherwise a step of its own in the java agent's {@code premain}.
 *
 * <p>The composer sees what it would have seen from the parser itself: the same events in the same
 * order, and a syntax error only when it asks for the event the parser failed to read, so an error
 * the composer finds first (an undefined alias, say) is still the one reported.
 *
 * <p>A plain class, not a lambda, as everything on the agent's {@code premain} path: the first
 * lambda would bootstrap {@code invokedynamic}.
 */
final class ParsedEvents implements Parser {

  /** Whether a Resolver was built in this JVM already: then building one is cheap. */
  private static volatile boolean resolverReady;

  private final List<Event> events = new ArrayList<>();
  private RuntimeException failure;
  private int next;

  private ParsedEvents(Parser parser) {
    try {
      while (true) {
        Event event = parser.getEvent();
        events.add(event);
        if (event.is(Event.ID.StreamEnd)) {
          break;
        }
      }
    } catch (RuntimeException e) {
      failure = e; // thrown when the composer gets this far
    }
  }

  /**
   * Reads all of {@code parser}'s events and returns them with a Resolver, built on another thread
   * meanwhile the first time in a JVM.
   */
  static Parsed read(Parser parser) {
    if (resolverReady) {
      return new Parsed(new ParsedEvents(parser), new Resolver());
    }
    ResolverBuild build = new ResolverBuild();
    Thread thread = new Thread(build, "jmxprom-yaml-resolver");
    thread.setDaemon(true);
    try {
      thread.start();
    } catch (OutOfMemoryError | RuntimeException e) {
      // No thread to spare (thread limit, security manager): all on this one, as before.
      return new Parsed(new ParsedEvents(parser), new Resolver());
    }
    ParsedEvents events;
    try {
      events = new ParsedEvents(parser);
    } finally {
      join(thread);
    }
    Resolver resolver = build.resolver != null ? build.resolver : new Resolver();
    resolverReady = true;
    return new Parsed(events, resolver);
  }

  private static void join(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the build is short; it must not outlive the load
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    Event event = peekEvent();
    return event != null && event.is(choice);
  }

  @Override
  public Event peekEvent() {
    if (next < events.size()) {
      return events.get(next);
    }
    if (failure != null) {
      throw failure;
    }
    return null; // after the stream end, as the parser answers
  }

  @Override
  public Event getEvent() {
    Event event = peekEvent();
    if (event != null) {
      next++;
    }
    return event;
  }

  /** The events and the resolver to compose them with. */
  static final class Parsed {
    final Parser events;
    final Resolver resolver;

    Parsed(Parser events, Resolver resolver) {
      this.events = events;
      this.resolver = resolver;
    }
  }

  /** Builds a Resolver (the first one initializes its class). */
  private static final class ResolverBuild implements Runnable {
    Resolver resolver;

    @Override
    public void run() {
      try {
        resolver = new Resolver();
      } catch (RuntimeException | LinkageError e) {
        // The loading thread builds one itself and gets the same error there.
      }
    }
  }
}
