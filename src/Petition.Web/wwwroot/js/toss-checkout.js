// Opens the Toss Payments window (SDK v2) with what the server prepared; the amount is the server's.
(function () {
  'use strict';
  var button = document.getElementById('toss-pay');
  if (!button || typeof window.TossPayments !== 'function') {
    return;
  }
  var data = button.dataset;
  function pay() {
    var toss = window.TossPayments(data.clientKey);
    var payment = toss.payment({ customerKey: window.TossPayments.ANONYMOUS });
    payment.requestPayment({
      method: 'CARD',
      amount: { currency: 'KRW', value: Number(data.amount) },
      orderId: data.orderId,
      orderName: data.orderName,
      successUrl: data.successUrl,
      failUrl: data.failUrl
    }).catch(function () { /* the fail URL or the button lets the citizen retry */ });
  }
  button.addEventListener('click', pay);
  pay();
}());
