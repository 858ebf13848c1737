;;; iam-lsp.el --- AWS IAM policy language server through eglot  -*- lexical-binding: t; -*-

;; Diagnostics, hover, completion and quick fixes for AWS IAM policy JSON, from the `iam-lsp'
;; server, in Emacs 28+ with eglot (built in since Emacs 29; Debian's `elpa-eglot' for 28).
;;
;; Usage: put this folder on `load-path', then
;;   (require 'iam-lsp)
;;   (add-hook 'iam-policy-mode-hook #'eglot-ensure)
;; A `.json' file that looks like a policy (a "Statement" key or a policy "Version") opens in
;; `iam-policy-mode', derived from the usual JSON mode, so other JSON files such as
;; `package.json' never start the server.  The server's settings go in
;; `eglot-workspace-configuration' under `:iamLsp', e.g.
;;   (setq-default eglot-workspace-configuration
;;                 '(:iamLsp (:severity (:MISSING_VERSION "off"))))

;;; Code:

(require 'eglot)

(defgroup iam-lsp nil
  "AWS IAM policy language server."
  :group 'tools)

(defcustom iam-lsp-command '("iam-lsp")
  "The command that starts the server, with its arguments."
  :type '(repeat string))

(defconst iam-lsp--scan-limit 40000
  "How much of a buffer is read to decide whether it is a policy.
The markers sit near the top of a policy.")

(defun iam-lsp-policy-buffer-p ()
  "Whether the current buffer is a `.json' file that looks like an IAM policy."
  (and buffer-file-name
       (string-match-p "\\.json\\'" buffer-file-name)
       (save-excursion
         (save-restriction
           (widen)
           (goto-char (point-min))
           (re-search-forward
            "\"Statement\"[[:space:]]*:\\|\"Version\"[[:space:]]*:[[:space:]]*\"20\\(12\\|08\\)-10-17\""
            (min (point-max) (+ (point-min) iam-lsp--scan-limit)) t)))))

;; The JSON mode of this Emacs: `js-json-mode' from Emacs 29, `js-mode' before.
(defalias 'iam-lsp--json-mode (if (fboundp 'js-json-mode) 'js-json-mode 'js-mode))

;;;###autoload
(define-derived-mode iam-policy-mode iam-lsp--json-mode "IAM-Policy"
  "Major mode for AWS IAM policy JSON; `eglot-ensure' starts `iam-lsp' in it."
  ;; `s3:GetObject' and `aws:SourceIp' are one symbol, so the completion prefix before point is
  ;; `s3:Get', which the server's candidates start with (with JSON's syntax it would be `Get').
  (modify-syntax-entry ?: "_")
  (modify-syntax-entry ?- "_"))

(add-to-list 'magic-mode-alist '(iam-lsp-policy-buffer-p . iam-policy-mode))
(add-to-list 'eglot-server-programs
             `((iam-policy-mode :language-id "json") . ,(lambda (&rest _) iam-lsp-command)))

(provide 'iam-lsp)
;;; iam-lsp.el ends here
