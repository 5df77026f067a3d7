package io.vigil.healthcheck.model;

import java.nio.file.Path;

/**
 * TLS settings of {@code SSL_GET}: keepalived's global {@code SSL { ca certificate key password }} block,
 * {@code enable_sni}, and two verification switches keepalived lacks. Like keepalived, the default verifies
 * nothing (a health check usually targets a server by address, with a certificate for a name); with
 * {@code verifyPeer} the chain must lead to {@code ca} (or the JDK's trust store when {@code ca} is null), with
 * {@code verifyHostname} the certificate must also name the virtualhost.
 *
 * @param ca PEM file of trusted CA certificates, or null
 * @param certificate PEM client certificate, or null
 * @param key PEM (PKCS#8) client key, or null
 * @param password the key's password, or null
 * @param enableSni {@code enable_sni}: send the virtualhost as SNI
 * @param verifyPeer verify the server's chain
 * @param verifyHostname verify the server's name against the virtualhost
 */
public record TlsOptions(Path ca, Path certificate, Path key, String password, boolean enableSni,
        boolean verifyPeer, boolean verifyHostname) {

    /** keepalived's default: no verification, no SNI, no client certificate. */
    public static final TlsOptions DEFAULT = new TlsOptions(null, null, null, null, false, false, false);

    public TlsOptions {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("SSL certificate and key go together");
        }
        if (verifyHostname && !verifyPeer) {
            throw new IllegalArgumentException("verifying the host name needs verifyPeer");
        }
    }
}
