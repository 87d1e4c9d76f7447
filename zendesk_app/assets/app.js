/* carelayer's ticket sidebar app (Zendesk Apps Framework v2).
 *
 * Every call to carelayer goes through Zendesk's request proxy (secure: true): Zendesk fills in the
 * secure setting {{setting.shared_secret}} on its own servers, signs a short-lived HS256 JWT with it and
 * puts the token where {{jwt.token}} stands, so the secret never reaches this page.
 * https://developer.zendesk.com/api-reference/apps/apps-support-api/all_locations/#client-request
 * https://developer.zendesk.com/api-reference/apps/apps-support-api/ticket_sidebar/#ticket-editor-insert
 *
 * Text from carelayer is only ever set with textContent (never innerHTML), and only http(s) links are made.
 */
(function () {
  'use strict';

  // Must match zendesk_app.issuer / zendesk_app.audience in carelayer's config.yaml (these are the defaults).
  var ISSUER = 'zendesk-app';
  var AUDIENCE = 'carelayer';
  var TOKEN_SECONDS = 300;

  var client = window.ZAFClient ? window.ZAFClient.init() : null;
  var state = { base: '', ticketId: null, userId: null, view: null, inserted: null, busy: false };

  function $(id) { return document.getElementById(id); }

  function setStatus(text) { $('status').textContent = text || ''; }

  function showError(text) {
    var box = $('error');
    box.textContent = text || '';
    box.hidden = !text;
    resize();
  }

  function resize() {
    if (client) {
      client.invoke('resize', { width: '100%', height: Math.min(document.body.scrollHeight + 16, 900) + 'px' });
    }
  }

  function api(path, method, body) {
    var options = {
      url: state.base + '/api/zendesk-app/tickets/' + encodeURIComponent(state.ticketId) + path,
      type: method,
      dataType: 'json',
      contentType: 'application/json',
      headers: { Authorization: 'Bearer {{jwt.token}}' },
      secure: true,
      cors: false,
      jwt: {
        algorithm: 'HS256',
        secret_key: '{{setting.shared_secret}}',
        expiry: TOKEN_SECONDS,
        claims: { iss: ISSUER, aud: AUDIENCE, sub: state.userId === null ? '' : String(state.userId) }
      }
    };
    if (body !== undefined) { options.data = JSON.stringify(body); }
    return client.request(options);
  }

  /* A readable sentence for a failed call: ZAF rejects with the response (status, responseJSON, responseText). */
  function describe(failure) {
    var status = failure && typeof failure.status === 'number' ? failure.status : 0;
    var json = failure && failure.responseJSON;
    if (!json && failure && failure.responseText) {
      try { json = JSON.parse(failure.responseText); } catch (ignored) { json = null; }
    }
    var reason = json && typeof json.error === 'string' ? json.error : '';
    if (status === 401) {
      return 'carelayer refused the app\'s signature (' + (reason || 'unauthorized') + '). Ask your Zendesk admin ' +
        'to check that the app\'s shared secret matches $CARELAYER_ZENDESK_APP_SECRET on the carelayer server.';
    }
    if (status === 0) {
      return 'carelayer could not be reached at ' + (state.base || 'the configured URL') +
        '. Check the app\'s carelayer URL setting, or try again in a minute.';
    }
    if (reason) { return reason + ' (HTTP ' + status + ')'; }
    return 'carelayer answered with an error (HTTP ' + status + '). Try again, or tell your carelayer admin.';
  }

  function percent(value) {
    return typeof value === 'number' ? Math.round(value * 100) + '% confident' : '';
  }

  function fillList(list, items, make) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (item) { list.appendChild(make(item)); });
  }

  function sourceItem(citation) {
    var li = document.createElement('li');
    var title = citation.title || 'source';
    if (citation.url) {
      var link = document.createElement('a');
      link.href = citation.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.textContent = title;
      li.appendChild(link);
    } else {
      li.textContent = title;
    }
    if (citation.source) {
      var from = document.createElement('span');
      from.className = 'muted';
      from.textContent = ' (' + citation.source + ')';
      li.appendChild(from);
    }
    return li;
  }

  function textItem(text) {
    var li = document.createElement('li');
    li.textContent = text;
    return li;
  }

  function render(view) {
    state.view = view;
    $('loading').hidden = true;
    $('empty-view').hidden = true;
    $('draft-view').hidden = false;
    $('app').setAttribute('aria-busy', 'false');
    $('category').textContent = view.category || 'uncategorised';
    $('confidence').textContent = percent(view.confidence);
    $('action').textContent = view.action ? '· ' + view.action + (view.group ? ' to ' + view.group : '') : '';
    var safety = $('safety');
    safety.className = 'safety ' + (view.safety ? view.safety.outcome : 'clear');
    safety.textContent = 'Safety: ' + (view.safety ? view.safety.label : 'unknown');
    var hasDraft = typeof view.draft === 'string' && view.draft.length > 0;
    $('draft').textContent = hasDraft ? view.draft : '';
    $('draft').hidden = !hasDraft;
    $('draft-label').hidden = !hasDraft;
    $('no-draft').hidden = hasDraft;
    $('insert').disabled = !hasDraft;
    $('not-helpful').disabled = !hasDraft || view.feedback === 'not_helpful';
    fillList($('sources'), view.citations || [], sourceItem);
    $('no-sources').hidden = (view.citations || []).length > 0;
    fillList($('reasons'), view.reasons || [], textItem);
    $('when').textContent = (view.regenerated ? 'Regenerated ' : 'Decided ') + new Date(view.at).toLocaleString();
    resize();
  }

  function renderEmpty(message) {
    state.view = null;
    $('loading').hidden = true;
    $('draft-view').hidden = true;
    $('empty-view').hidden = false;
    $('empty-message').textContent = message;
    $('app').setAttribute('aria-busy', 'false');
    resize();
  }

  function busy(flag) {
    state.busy = flag;
    ['insert', 'regenerate', 'not-helpful', 'regenerate-empty'].forEach(function (id) {
      var button = $(id);
      if (flag) { button.setAttribute('aria-disabled', 'true'); } else { button.removeAttribute('aria-disabled'); }
    });
    $('app').setAttribute('aria-busy', flag ? 'true' : 'false');
  }

  function load() {
    showError('');
    return api('', 'GET').then(render, function (failure) {
      if (failure && failure.status === 404) {
        renderEmpty(describe(failure).replace(/ \(HTTP 404\)$/, ''));
        return;
      }
      $('loading').hidden = true;
      showError(describe(failure));
      $('retry').hidden = false;
    });
  }

  function retry() {
    $('retry').hidden = true;
    $('loading').hidden = false;
    load();
  }

  function regenerate() {
    if (state.busy) { return; }
    busy(true);
    showError('');
    setStatus('Regenerating…');
    api('/regenerate', 'POST', {}).then(function (view) {
      state.inserted = null;
      render(view);
      setStatus('New draft ready.');
    }, function (failure) {
      setStatus('');
      showError(describe(failure));
    }).then(function () { busy(false); });
  }

  function feedback(kind) {
    return api('/feedback', 'POST', { kind: kind });
  }

  /* ticket.editor.insert takes HTML (Zendesk sanitises it): escape the draft and keep its paragraphs. */
  function toHtml(text) {
    var escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    return escaped.split(/\n{2,}/).map(function (paragraph) {
      return '<p>' + paragraph.replace(/\n/g, '<br>') + '</p>';
    }).join('');
  }

  function insert() {
    var draft = state.view && state.view.draft;
    if (state.busy || !draft) { return; }
    showError('');
    client.get('comment.useRichText').then(function (data) {
      var plainEditor = data && data['comment.useRichText'] === false;  // the Markdown editor takes text as is
      return client.invoke('ticket.editor.insert', plainEditor ? draft : toHtml(draft));
    }).then(function () {
      state.inserted = draft;
      setStatus('Inserted into the reply. Review it before you submit.');
      return feedback('inserted').catch(function () { /* the draft is in the reply; feedback is best effort */ });
    }, function () {
      showError('Zendesk did not let the app write into the reply box. Click into the reply, then try again.');
    });
  }

  function notHelpful() {
    if (state.busy || !state.view || !state.view.draft) { return; }
    busy(true);
    showError('');
    feedback('not_helpful').then(function () {
      state.view.feedback = 'not_helpful';
      $('not-helpful').disabled = true;
      setStatus('Thanks: recorded as not helpful.');
    }, function (failure) {
      showError(describe(failure));
    }).then(function () { busy(false); });
  }

  function plain(text) {
    var holder = document.createElement('div');
    holder.innerHTML = String(text || '').replace(/<(br|\/p|\/div|\/li)\b[^>]*>/gi, '\n');
    return (holder.textContent || '').replace(/\s+/g, ' ').trim();
  }

  /* On save: if the reply no longer holds the inserted draft as it was, the agent edited it. */
  function checkEdited() {
    var inserted = state.inserted;
    if (!inserted) { return; }
    state.inserted = null;
    client.get('comment.text').then(function (data) {
      var sent = plain(data && data['comment.text']);
      if (sent.indexOf(plain(inserted)) === -1) {
        feedback('edited').catch(function () { /* best effort: never hold up the agent's save */ });
      }
    });
  }

  function start() {
    $('insert').addEventListener('click', insert);
    $('regenerate').addEventListener('click', regenerate);
    $('regenerate-empty').addEventListener('click', regenerate);
    $('not-helpful').addEventListener('click', notHelpful);
    $('retry').addEventListener('click', retry);
    if (!client) {
      $('loading').hidden = true;
      showError('This page runs inside Zendesk only (the Zendesk Apps framework did not load).');
      return;
    }
    client.on('ticket.save', function () { checkEdited(); return true; });
    Promise.all([client.metadata(), client.get(['ticket.id', 'currentUser.id'])]).then(function (answers) {
      var settings = (answers[0] && answers[0].settings) || {};
      state.base = String(settings.carelayer_url || '').replace(/\/+$/, '');
      state.ticketId = answers[1]['ticket.id'];
      state.userId = answers[1]['currentUser.id'];
      if (!state.base) {
        $('loading').hidden = true;
        showError('The app has no carelayer URL: ask your Zendesk admin to set it in the app\'s settings.');
        return null;
      }
      if (state.ticketId === null || state.ticketId === undefined || state.ticketId === '') {
        renderEmpty('Save the ticket first: carelayer drafts replies for saved tickets.');
        $('regenerate-empty').hidden = true;
        return null;
      }
      return load();
    }, function () {
      $('loading').hidden = true;
      showError('Zendesk did not give the app this ticket\'s details. Reload the ticket.');
    });
  }

  start();
}());
