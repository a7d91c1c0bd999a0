// The app's commands, written once. `build.rs` turns the names into one `allow-<command>`
// permission each, `lib.rs` into the invoke handler and `COMMANDS`; a test holds
// `capabilities/main-window.json` and `src-ui/src/ipc.rs` to the same list.
// Included with `include!`, so this file holds only the macro.
macro_rules! with_app_commands {
    ($then:ident) => {
        $then! {
            sign_in_defaults,
            sign_in_options,
            restore_session,
            sign_in,
            send_second_factor_code,
            verify_second_factor,
            send_sign_in_code,
            sign_in_with_code,
            send_magic_link,
            sign_in_with_link,
            sign_in_with_provider,
            forget_this_computer,
            sign_out,
            switch_profile,
            list_profiles,
            save_profile,
            remove_profile,
            list_users,
            get_user,
            create_user,
            update_user,
            set_roles,
            set_user_password,
            send_password_reset,
            send_verification_email,
            reset_two_factor,
            user_fields,
            plan_bulk,
            start_bulk,
            bulk_progress,
            cancel_bulk,
            dismiss_bulk,
            start_export,
            export_progress,
            cancel_export,
            ban_user,
            unban_user,
            list_user_sessions,
            revoke_user_session,
            revoke_user_sessions,
            remove_user,
            impersonate_user,
            stop_impersonating,
            impersonation_view,
            audit_log,
            export_audit,
            show_saved_file,
            check_for_update,
            download_update,
            install_update,
            verify_audit_export,
            copy_text,
            take_link,
        }
    };
}

// Each command's name as a string.
macro_rules! command_names {
    ($($command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}
