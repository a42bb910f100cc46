package dev.plinth.bootstrapper.infra;

import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.protocol.AbandonRequestProtocolOp;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.BindResponseProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareResponseProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.GenericResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.ProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.protocol.UnbindRequestProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

import java.util.List;

/**
 * Stands between the network and the in-memory directory, one instance per connection, and lets
 * through only what the platform needs: a simple bind with a DN and a password (a person proving
 * their password), and everything else only from the manager DN, whose connection is Plinth's own.
 * Anonymous and unauthenticated binds, SASL binds, and every read or write before a bind or by
 * anyone but the manager are answered with an error and never reach the directory. The check is
 * on the DN the connection is bound as, as the directory itself records it, so request controls
 * (proxied authorization, for one) cannot change who asks.
 */
final class DirectoryGuard extends LDAPListenerRequestHandler {

    static final String ONLY_THE_MANAGER = "only the directory manager may read or change this directory; people bind to prove their password";

    private final InMemoryRequestHandler directory;
    private final DN manager;
    private final Runnable changed;

    /**
     * @param directory the directory (the shared handler, or one connection's)
     * @param manager   the only DN allowed past a bind
     * @param changed   called after every write the directory accepted
     */
    DirectoryGuard(InMemoryRequestHandler directory, DN manager, Runnable changed) {
        this.directory = directory;
        this.manager = manager;
        this.changed = changed;
    }

    @Override
    public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) throws LDAPException {
        return new DirectoryGuard(directory.newInstance(connection), manager, changed);
    }

    @Override
    public void closeInstance() {
        directory.closeInstance();
    }

    /** @return whether this connection is bound as the manager now */
    private boolean isManager() {
        DN bound = directory.getAuthenticatedDN();
        return bound != null && bound.equals(manager);
    }

    @Override
    public LDAPMessage processBindRequest(int messageID, BindRequestProtocolOp request, List<Control> controls) {
        if (request.getCredentialsType() != BindRequestProtocolOp.CRED_TYPE_SIMPLE) {
            directory.setAuthenticatedDN(DN.NULL_DN);
            return refusedBind(messageID, ResultCode.AUTH_METHOD_NOT_SUPPORTED, "only simple binds with a DN and a password are accepted");
        }
        String dn = request.getBindDN();
        if (dn == null || dn.isBlank() || request.getSimplePassword() == null || request.getSimplePassword().getValueLength() == 0) {
            // The directory would treat the bind as anonymous; a failed bind also leaves the connection unbound.
            directory.setAuthenticatedDN(DN.NULL_DN);
            return refusedBind(messageID, ResultCode.INAPPROPRIATE_AUTHENTICATION, "anonymous and unauthenticated binds are refused: bind with a DN and its password");
        }
        return directory.processBindRequest(messageID, request, controls);
    }

    private static LDAPMessage refusedBind(int messageID, ResultCode code, String why) {
        return new LDAPMessage(messageID, new BindResponseProtocolOp(code.intValue(), null, why, null, null));
    }

    @Override
    public LDAPMessage processSearchRequest(int messageID, SearchRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new SearchResultDoneProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER, null));
        }
        return directory.processSearchRequest(messageID, request, controls);
    }

    @Override
    public LDAPMessage processCompareRequest(int messageID, CompareRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new CompareResponseProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER, null));
        }
        return directory.processCompareRequest(messageID, request, controls);
    }

    @Override
    public LDAPMessage processAddRequest(int messageID, AddRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new AddResponseProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER, null));
        }
        return afterWrite(directory.processAddRequest(messageID, request, controls));
    }

    @Override
    public LDAPMessage processModifyRequest(int messageID, ModifyRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new ModifyResponseProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER, null));
        }
        return afterWrite(directory.processModifyRequest(messageID, request, controls));
    }

    @Override
    public LDAPMessage processDeleteRequest(int messageID, DeleteRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new DeleteResponseProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER, null));
        }
        return afterWrite(directory.processDeleteRequest(messageID, request, controls));
    }

    @Override
    public LDAPMessage processModifyDNRequest(int messageID, ModifyDNRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new ModifyDNResponseProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER, null));
        }
        return afterWrite(directory.processModifyDNRequest(messageID, request, controls));
    }

    /** Extended operations (password modify, who-am-I…) are the manager's too: the platform changes passwords as the manager. */
    @Override
    public LDAPMessage processExtendedRequest(int messageID, ExtendedRequestProtocolOp request, List<Control> controls) {
        if (!isManager()) {
            return refused(messageID, new ExtendedResponseProtocolOp(ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE, null, ONLY_THE_MANAGER,
                    null, null, null));
        }
        LDAPMessage response = directory.processExtendedRequest(messageID, request, controls);
        if (response.getProtocolOp() instanceof ExtendedResponseProtocolOp result && result.getResultCode() == ResultCode.SUCCESS_INT_VALUE) {
            changed.run();
        }
        return response;
    }

    @Override
    public void processAbandonRequest(int messageID, AbandonRequestProtocolOp request, List<Control> controls) {
        directory.processAbandonRequest(messageID, request, controls);
    }

    @Override
    public void processUnbindRequest(int messageID, UnbindRequestProtocolOp request, List<Control> controls) {
        directory.processUnbindRequest(messageID, request, controls);
    }

    private static LDAPMessage refused(int messageID, ProtocolOp response) {
        return new LDAPMessage(messageID, response);
    }

    private LDAPMessage afterWrite(LDAPMessage response) {
        if (response.getProtocolOp() instanceof GenericResponseProtocolOp result && result.getResultCode() == ResultCode.SUCCESS_INT_VALUE) {
            changed.run();
        }
        return response;
    }
}
