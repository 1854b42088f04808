package org.dl4jsaliency.audit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Runs the {@code @Test} methods of one class in a JVM of its own (so that the README's test sees the
 * working directory a user's build would give it): prints each failure's stack trace, exits 1 if any
 * failed, 2 if there were none to run.
 */
public final class TestMethodRunner {
    private TestMethodRunner() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> c = Class.forName(args[0]);
        Constructor<?> k = c.getDeclaredConstructor();
        k.setAccessible(true);
        int ran = 0;
        int failed = 0;
        for (Method m : c.getDeclaredMethods()) {
            if (!m.isAnnotationPresent(org.junit.jupiter.api.Test.class)) {
                continue;
            }
            ran++;
            m.setAccessible(true);
            try {
                m.invoke(k.newInstance());
                System.out.println("passed: " + m.getName());
            } catch (InvocationTargetException e) {
                failed++;
                System.out.println("failed: " + m.getName());
                e.getCause().printStackTrace(System.out);
            }
        }
        System.exit(ran == 0 ? 2 : failed > 0 ? 1 : 0);
    }
}
