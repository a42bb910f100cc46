package dev.plinth.gateway.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.InitialDirContext;
import java.util.Hashtable;
import java.util.Map;

/** Whether the directory people sign in with answers a bind as the manager. */
@Singleton
@Requires(property = "plinth.ldap.url")
public class LdapHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

    private final String url;
    private final String managerDn;
    private final String managerPassword;

    public LdapHealthIndicator(@Value("${plinth.ldap.url}") String url,
                               @Value("${plinth.ldap.manager-dn}") String managerDn,
                               @Value("${plinth.ldap.manager-password}") String managerPassword) {
        this.url = url;
        this.managerDn = managerDn;
        this.managerPassword = managerPassword;
    }

    @Override
    protected Map<String, Object> getHealthInformation() {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, managerDn);
        env.put(Context.SECURITY_CREDENTIALS, managerPassword);
        env.put("com.sun.jndi.ldap.connect.timeout", "2000");
        env.put("com.sun.jndi.ldap.read.timeout", "2000");
        try {
            new InitialDirContext(env).close();
            healthStatus = HealthStatus.UP;
            return Map.of("url", url);
        } catch (NamingException e) {
            healthStatus = HealthStatus.DOWN;
            return Map.of("url", url, "error", String.valueOf(e.getMessage()));
        }
    }

    @Override
    protected String getName() {
        return "ldap";
    }
}
